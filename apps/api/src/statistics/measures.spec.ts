import { measureConflictsWithEarlier, measureWithholding } from './measures';

const number = (n: number, unanimous = false) => ({
  kind: 'number' as const,
  n,
  mean: 1,
  quartiles: [1, 1, 1] as [number, number, number],
  unanimous,
});

describe('measureWithholding', () => {
  it('shows a summary of at least k varied answers, and nothing to withhold when no one answered', () => {
    expect(measureWithholding(number(5), 5, false)).toBeNull();
    expect(measureWithholding(number(0), 5, false)).toBeNull();
  });

  it('withholds below k, in a suppressed population, and a mean everyone shares', () => {
    expect(measureWithholding(number(4), 5, false)).toBe('primary');
    expect(measureWithholding(number(9), 5, true)).toBe('primary');
    expect(measureWithholding(number(9, true), 5, false)).toBe('primary');
  });

  it('withholds a date range whose ends cross (fewer than 2k - 1 dates), and shows one that does not', () => {
    expect(measureWithholding({ kind: 'date', n: 8, from: '2025-05', to: '2024-03' }, 5, false)).toBe('primary');
    expect(measureWithholding({ kind: 'date', n: 9, from: '2024-06', to: '2024-06' }, 5, false)).toBeNull();
  });
});

describe('measureConflictsWithEarlier', () => {
  // Population 0 is the new report, 1 an earlier one that showed the same summary.
  const part = (signature: boolean[], answered: number) => ({ signature, answered: [answered] });

  it('lets a report with no earlier summary of the question through', () => {
    expect(measureConflictsWithEarlier([part([true, false], 2)], 0, [], 5)).toBe(false);
  });

  it('refuses when the new report adds fewer than k answers to an earlier one', () => {
    const parts = [part([true, true], 20), part([true, false], 1)];
    expect(measureConflictsWithEarlier(parts, 0, [{ population: 1, answered: 20 }], 5)).toBe(true);
  });

  it('accepts when every part answered by someone has at least k answers', () => {
    const parts = [part([true, true], 20), part([true, false], 5), part([false, true], 0)];
    expect(measureConflictsWithEarlier(parts, 0, [{ population: 1, answered: 20 }], 5)).toBe(false);
  });

  it('refuses when answers the earlier report counted have been deleted since', () => {
    // The same population today, but the earlier report counted 21: someone was erased.
    const parts = [part([true, true], 20)];
    expect(measureConflictsWithEarlier(parts, 0, [{ population: 1, answered: 21 }], 5)).toBe(true);
  });

  it('ignores parts only populations that never showed the summary cut out', () => {
    // Population 2 showed other figures, not this summary: its small part is not this check's concern.
    const parts = [part([true, true, false], 12), part([true, true, true], 6), part([false, false, true], 1)];
    expect(measureConflictsWithEarlier(parts, 0, [{ population: 1, answered: 18 }], 5)).toBe(false);
  });
});
