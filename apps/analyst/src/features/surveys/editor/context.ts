import { createContext, useContext } from 'react';
import type { ConfirmRequest } from '../ConfirmDialog';

export interface Editor {
  /** The questionnaire as edited (JSON, possibly incomplete). */
  draft: unknown;
  update(change: (draft: unknown) => unknown): void;
  /** A closed survey: everything can be read, nothing changed. */
  readOnly: boolean;
  /** Asks before removing a page or a question. */
  confirm(request: ConfirmRequest): void;
  /** Whether a question's fields are shown, by its editor key. */
  isExpanded(key: string): boolean;
  setExpanded(key: string, expanded: boolean): void;
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor() outside the questionnaire editor');
  return editor;
}
