import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';

/** What fulfilling the request did, as the API reports it (counts, lists, values). */
export function Outcome({ outcome }: { outcome: Record<string, unknown> }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const show = (value: unknown) =>
    typeof value === 'number'
      ? f.number(value)
      : Array.isArray(value)
        ? value.map(String).join(', ') || t.request.nothing
        : String(value);
  return (
    <section className="panel" aria-labelledby="request-outcome">
      <h2 id="request-outcome">{t.request.outcome}</h2>
      <div className="table-wrap">
        <table className="outcome" data-testid="request-outcome">
          <tbody>
            {Object.entries(outcome).map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{t.request.outcomeKeys[key] ?? key}</th>
                <td className={typeof value === 'number' ? 'number' : undefined}>{show(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
