import { useCallback, useState } from 'react';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { plain, tidy, withKeys } from './draft';

/**
 * The questionnaire as edited, and the view it is edited in: the form, or the JSON text, which
 * must parse before the form can show it again. `onEdit` runs on every change.
 */
export function useDraft(initial: unknown, onEdit: () => void) {
  const t = useMessages(surveyMessages);
  const [draft, setDraft] = useState<unknown>(() => withKeys(tidy(initial)));
  const [view, setView] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const [viewMessage, setViewMessage] = useState<string | null>(null);

  const update = useCallback(
    (change: (current: unknown) => unknown) => {
      setDraft((current: unknown) => change(current));
      onEdit();
    },
    [onEdit],
  );

  function showJson() {
    setJsonText(JSON.stringify(plain(draft), null, 2) ?? '');
    setViewMessage(null);
    setView('json');
  }

  function showForm() {
    if (parseError !== null) {
      setViewMessage(t.fixJsonFirst);
      return;
    }
    setViewMessage(null);
    setView('form');
  }

  function editJson(text: string) {
    setJsonText(text);
    onEdit();
    try {
      const parsed: unknown = JSON.parse(text);
      setDraft(withKeys(parsed));
      setParseError(null);
      setViewMessage(null);
    } catch (error) {
      setParseError(error instanceof Error ? error.message : String(error));
    }
  }

  return { draft, update, view, jsonText, parseError, viewMessage, showJson, showForm, editJson };
}
