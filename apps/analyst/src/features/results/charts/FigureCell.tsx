import { Suppressed } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import type { Hidden } from './figures';

/** A figure in a table cell: the number, the suppression mark, or a dash when there is no figure. */
export function FigureCell({
  value,
  hidden,
  format,
}: {
  value: number | null | undefined;
  hidden: Hidden;
  format: (v: number) => string;
}) {
  const f = useFormat();
  return (
    <td className="number">
      {hidden ? <Suppressed reason={hidden} /> : value === null || value === undefined ? f.missing : format(value)}
    </td>
  );
}
