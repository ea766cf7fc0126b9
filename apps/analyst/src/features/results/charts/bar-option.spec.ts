import { describe, expect, it } from '@jest/globals';
import { barOption } from './bar-option';

interface Series {
  data: unknown[];
  itemStyle: Record<string, unknown>;
}

describe('barOption', () => {
  const bars = [
    { label: 'France', value: 20, hidden: null },
    { label: 'Italy', value: null, hidden: 'primary' as const },
    { label: 'Switzerland', value: null, hidden: 'complementary' as const },
  ];
  const option = barOption(bars, {
    horizontal: false,
    format: String,
    hiddenText: (reason) => (reason === 'primary' ? 'fewer than 5 answers' : 'suppressed'),
  });
  const [values, hidden] = option.series as Series[];

  it('draws a suppressed group as an empty slot with its label, neither a zero nor a filled bar', () => {
    expect(values.data).toEqual([20, '-', '-']);
    expect(hidden.data).toEqual([
      '-',
      { value: 1, label: { formatter: 'fewer than 5 answers' } },
      { value: 1, label: { formatter: 'suppressed' } },
    ]);
    expect(hidden.itemStyle).toEqual({ color: 'transparent' });
    expect(hidden.itemStyle).not.toHaveProperty('decal');
  });
});
