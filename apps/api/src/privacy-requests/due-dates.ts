/** GDPR Art. 12(3): one month, extensible by two further months. The due date never goes past this. */
export const MAX_MONTHS_TO_ANSWER = 3;

/**
 * `months` calendar months after `from`, in UTC, at the same time of day; a day the target month
 * lacks becomes its last day (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(from.getTime());
  result.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return result;
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * 86_400_000);
}

export interface DueFlags {
  overdue: boolean;
  dueSoon: boolean;
}

/** An open request past its due date is overdue; one due within `dueSoonDays` is due soon. */
export function dueFlags(open: boolean, dueAt: Date | null, now: Date, dueSoonDays: number): DueFlags {
  if (!open || !dueAt) return { overdue: false, dueSoon: false };
  const overdue = now.getTime() > dueAt.getTime();
  return { overdue, dueSoon: !overdue && dueAt.getTime() - now.getTime() <= dueSoonDays * 86_400_000 };
}
