import type { FieldRule } from '../../lib/field-rules';

/**
 * The API's rule for a period (`to` later than `from`, as days: the last day counts whole),
 * checked before asking for statistics, responses, comments or a report.
 */
export function periodRules(choice: { from: string; to: string }) {
  return { to: { date: { notBefore: choice.from || undefined } } } satisfies Record<string, FieldRule>;
}
