import {
  isLanguage,
  isPlainObject,
  validateQuestionnaire,
  type Language,
  type Questionnaire,
  type QuestionnaireProblem,
} from '@survey/questionnaire';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';

/**
 * The questionnaire editor of the staff console shows the preview page in a frame and posts it
 * the draft being edited. The protocol (and its names) is mirrored in the analyst app's
 * features/surveys/editor/PreviewFrame.tsx.
 */
const PREVIEW_MESSAGE = 'survey-preview:questionnaire';
const PREVIEW_READY = 'survey-preview:ready';

/**
 * What the frame shows: the last draft that could be drawn (kept while the author's latest
 * change breaks it, so the preview does not jump back to its start), and what stops the latest.
 */
export interface Shown {
  questionnaire: Questionnaire | null;
  problems: QuestionnaireProblem[];
  standalone?: boolean;
}

/**
 * The draft the editor around this page posts, checked as the server would check it, and the
 * editor's language while it changes. Outside a frame there is no editor: the page is standalone.
 */
export function usePostedQuestionnaire(): Shown {
  const { setLanguage } = useI18n();
  const [shown, setShown] = useState<Shown>({ questionnaire: null, problems: [] });
  const postedLanguage = useRef<Language | null>(null);

  useEffect(() => {
    if (window.parent === window) {
      setShown({ questionnaire: null, problems: [], standalone: true });
      return;
    }
    const onMessage = (event: MessageEvent) => {
      // Only the page that framed this one, on this origin, may show something here.
      if (event.origin !== window.location.origin || event.source !== window.parent) return;
      const data: unknown = event.data;
      if (!isPlainObject(data) || data.type !== PREVIEW_MESSAGE) return;
      // The editor's language is followed when it changes; the switcher here may differ meanwhile.
      if (isLanguage(data.language) && data.language !== postedLanguage.current) {
        postedLanguage.current = data.language;
        void setLanguage(data.language);
      }
      // A draft may lack translations (English stands in, as for respondents); nothing else.
      // Regex validators are judged by the API (its ReDoS check is not shipped to browsers).
      const checked = validateQuestionnaire(data.questionnaire, { languages: [], regexSafety: () => true });
      setShown((previous) =>
        checked.ok
          ? { questionnaire: checked.questionnaire, problems: [] }
          : { questionnaire: previous.questionnaire, problems: checked.errors },
      );
    };
    window.addEventListener('message', onMessage);
    window.parent.postMessage({ type: PREVIEW_READY }, window.location.origin);
    return () => window.removeEventListener('message', onMessage);
  }, [setLanguage]);

  return shown;
}
