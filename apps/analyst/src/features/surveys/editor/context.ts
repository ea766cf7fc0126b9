import type { Language } from '@survey/questionnaire';
import { createContext, useContext } from 'react';
import type { ConfirmRequest } from '../ConfirmDialog';

export interface Editor {
  /** The questionnaire as edited (JSON, possibly incomplete). */
  draft: unknown;
  update(change: (draft: unknown) => unknown): void;
  /** A closed survey: everything can be read, nothing changed. */
  readOnly: boolean;
  /** The survey's languages: the grids show a column for each, and only these. */
  languages: readonly Language[];
  /** What publishing would refuse, as sentences, by the validator's path of the value at fault. */
  problemsAt(field: string): string[];
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
