import type { Answers } from '@survey/questionnaire';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { DraftSaver, type SaveState } from './draft-saver';
import type { AnswersBody, Failure, RespondentApi } from './respondent-api';
import { surveySession } from './survey-session';

/**
 * Saves the answers as a draft while the person goes (see DraftSaver), keeping what is not yet
 * saved on this device, and says how saving goes. `answersRef` holds the answers given so far.
 */
export function useDraftSaver(
  api: RespondentApi,
  body: (answers: Answers) => AnswersBody,
  onEnd: (failure: Failure) => void,
  answersRef: RefObject<Answers>,
) {
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const saverRef = useRef<DraftSaver | null>(null);

  useEffect(() => {
    const saver = new DraftSaver({
      send: async (given) => {
        const outcome = await api.saveDraft(body(given));
        return outcome.ok ? { ok: true, data: { savedAt: outcome.data.savedAt } } : outcome;
      },
      report: setSaveState,
      stopped: onEnd,
      keep: (pending) => surveySession.update({ pending: pending ?? undefined }),
    });
    saverRef.current = saver;
    // Answers kept on this device but not yet on the server (a reload while offline): send them.
    if (surveySession.pending()) saver.change(answersRef.current);
    return () => saver.dispose();
  }, [api, body, onEnd, answersRef]);

  return { saveState, saverRef };
}
