import { Suppressed } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';

/**
 * The note that explains suppressed figures, with the survey's k; and, where figures are withheld
 * because of reports published before, the legend of that mark.
 */
export function SuppressionNote({ k, composition = false }: { k: number; composition?: boolean }) {
  const t = useMessages(messages);
  const f = useFormat();
  return (
    <>
      <p className="notice suppression-note" data-testid="suppression-note">
        {t.suppressionNote(f.number(k))}
      </p>
      {composition && (
        <p className="notice suppression-note" data-testid="composition-note">
          <Suppressed reason="composition" /> {t.compositionNote(f.number(k))}
        </p>
      )}
    </>
  );
}
