import { useCallback, useEffect, useState } from 'react';
import { fieldId, keyOf, listOf, parentPath, questionOfPath } from './draft';

/** Which questions show their fields, and going to the field a problem names (opening its question). */
export function useQuestionFocus(draft: unknown) {
  const [expanded, setExpandedKeys] = useState<ReadonlySet<string>>(new Set());
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  const setExpanded = useCallback((key: string, open: boolean) => {
    setExpandedKeys((keys) => {
      const next = new Set(keys);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  // A problem's "show" button: open its question, then focus the closest field that exists.
  useEffect(() => {
    if (focusTarget === null) return;
    setFocusTarget(null);
    for (let path = focusTarget; path !== ''; path = parentPath(path)) {
      const element = document.getElementById(fieldId(`${path}.en`)) ?? document.getElementById(fieldId(path));
      if (element) {
        element.scrollIntoView({ block: 'center' });
        element.focus();
        return;
      }
    }
  }, [focusTarget]);

  function goTo(field: string) {
    const at = questionOfPath(field);
    const question = at && listOf(listOf(draft, 'pages')[at.page], 'elements')[at.index];
    if (question) setExpanded(keyOf(question), true);
    setFocusTarget(field);
  }

  return { expanded, setExpanded, goTo };
}
