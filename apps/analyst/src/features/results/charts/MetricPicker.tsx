import { useId, useMemo } from 'react';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import type { ItemStatistics } from './figures';
import { metricChoices, type Metric } from './metrics';

/**
 * A select of the figure to show; the choices come from the survey's rating questions. Published
 * reports give no means by group (`means` false), so they are not offered there.
 */
export function MetricPicker({
  items,
  value,
  onChange,
  testId,
  means = true,
}: {
  items: ItemStatistics[];
  value: Metric;
  onChange: (metric: Metric) => void;
  testId?: string;
  means?: boolean;
}) {
  const t = useMessages(messages);
  const id = useId();
  const choices = useMemo(() => metricChoices(items, t, means), [items, t, means]);
  return (
    <div className="metric-picker">
      <label htmlFor={id}>{t.figure}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Metric)} data-testid={testId}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
