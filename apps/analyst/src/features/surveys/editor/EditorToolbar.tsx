import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';

/** Form or JSON, the preview shown or not, saving, and whether everything is saved. */
export function EditorToolbar({
  view,
  onForm,
  onJson,
  showPreview,
  onTogglePreview,
  canSave,
  saving,
  onSave,
  dirty,
  savedNote,
}: {
  view: 'form' | 'json';
  onForm: () => void;
  onJson: () => void;
  showPreview: boolean;
  onTogglePreview: () => void;
  /** False on a closed survey, which nobody edits: no save button then. */
  canSave: boolean;
  saving: boolean;
  onSave: (() => void) | undefined;
  dirty: boolean;
  savedNote: string | null;
}) {
  const t = useMessages(surveyMessages);
  return (
    <div className="editor-toolbar">
      <div role="group" aria-label={t.viewLabel} className="view-switch">
        <span aria-hidden="true">{t.viewLabel}</span>
        <button type="button" aria-pressed={view === 'form'} onClick={onForm}>
          {t.formView}
        </button>
        <button type="button" aria-pressed={view === 'json'} onClick={onJson}>
          {t.jsonView}
        </button>
      </div>
      <button type="button" aria-pressed={showPreview} onClick={onTogglePreview}>
        {t.previewTitle}
      </button>
      {canSave && (
        <button type="button" className="primary" disabled={onSave === undefined} onClick={onSave}>
          {saving ? t.saving : t.save}
        </button>
      )}
      <p role="status" className="save-state" data-dirty={dirty}>
        {dirty ? t.unsaved : (savedNote ?? t.allSaved)}
      </p>
    </div>
  );
}
