import type { components } from '@survey/api-client';

export type ApiKey = components['schemas']['ApiKeyDto'];
export type Scope = components['schemas']['ApiKeyScope'];
export type KeyStatus = ApiKey['status'];
export type SurveyRef = { surveyId: string; name: string };

/** Every scope the API knows; the type check fails if the API gains one this list lacks. */
export const SCOPES = [
  'responses:write',
  'responses:read',
  'statistics:read',
  'erasures:read',
] as const satisfies readonly Scope[];
type MissingScope = Exclude<Scope, (typeof SCOPES)[number]>;
const EVERY_SCOPE_LISTED: MissingScope extends never ? true : never = true;
void EVERY_SCOPE_LISTED;

export const STATUSES = ['active', 'revoked', 'expired'] as const satisfies readonly KeyStatus[];
export const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 90;

/** A Date as the value of an <input type="date"> (local calendar day). */
export function dateValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A year from now, as the API counts it (same day and time next year, UTC). */
export function aYearFrom(now: Date): Date {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + 1);
  return latest;
}

/** The end of the chosen day, but never past the latest moment the API accepts (a year from now). */
export function expiresAtOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const chosen = day ? new Date(y, m - 1, d, 23, 59, 0) : undefined;
  const latest = aYearFrom(new Date()).getTime() - 60_000;
  return chosen ? new Date(Math.min(chosen.getTime(), latest)).toISOString() : '';
}
