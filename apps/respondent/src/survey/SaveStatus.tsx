import { useI18n } from '../i18n';
import type { SaveState } from './draft-saver';

/** Says whether the answers so far are safe on the server, in words (the icon only repeats it). */
export function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useI18n();
  const text: Record<SaveState['kind'], string> = {
    idle: '',
    saving: t.saveSaving,
    saved: t.saveSaved,
    offline: t.saveOffline,
    retrying: t.saveRetrying,
    rejected: t.saveRejected,
  };
  return (
    <p className="save-status" data-state={state.kind} data-testid="save-status" role="status">
      {text[state.kind]}
    </p>
  );
}
