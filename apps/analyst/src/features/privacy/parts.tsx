import type { components } from '@survey/api-client';
import { useMessages } from '../../lib/i18n';
import { privacyMessages } from './messages';

export type RequestSummary = components['schemas']['PrivacyRequestSummaryDto'];
export type RequestDetail = components['schemas']['PrivacyRequestDto'];
export type RequestType = RequestSummary['type'];
export type RequestStatus = RequestSummary['status'];
export type RejectionReason = components['schemas']['RejectionReason'];

export const REQUEST_TYPES = [
  'access',
  'rectification',
  'erasure',
  'objection',
] as const satisfies readonly RequestType[];
export const REQUEST_STATUSES = [
  'received',
  'verified',
  'in_progress',
  'completed',
  'rejected',
] as const satisfies readonly RequestStatus[];
export const REJECTION_REASONS = [
  'identity-not-verified',
  'no-data-held',
  'manifestly-unfounded',
  'excessive',
  'other',
] as const satisfies readonly RejectionReason[];
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;

/** The first block of a UUID: enough to tell records apart on screen, and no personal value. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** The start of a calendar day typed in a date field, in the browser's time zone, as ISO 8601. */
export function startOfDay(value: string): string {
  return new Date(`${value}T00:00:00`).toISOString();
}

/** The start of the day after a date typed in a date field, so "to" includes that day. */
export function startOfNextDay(value: string): string {
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** A Date as the value of an <input type="date"> (local calendar day). */
export function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Overdue and due-soon flags, in words (the colour only repeats them). */
export function DueBadges({ overdue, dueSoon }: { overdue: boolean; dueSoon: boolean }) {
  const t = useMessages(privacyMessages);
  return (
    <>
      {overdue && <span className="badge overdue">{t.overdue}</span>}
      {dueSoon && <span className="badge due-soon">{t.dueSoon}</span>}
    </>
  );
}

/** A status in words, with a class each state can be styled by. */
export function StatusBadge({ status }: { status: RequestStatus }) {
  const t = useMessages(privacyMessages);
  return <span className={`badge status-${status}`}>{t.statuses[status]}</span>;
}

/** The name of a kind of record a retention run purges; the API's own name when we have no better one. */
export function useKindName(): (kind: string) => string {
  const t = useMessages(privacyMessages);
  return (kind) => t.retention.kindNames[kind] ?? kind;
}
