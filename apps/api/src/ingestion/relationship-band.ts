/**
 * How long the respondent has been a client, in bands: statistics need the band, not the date,
 * and a band says less about the person.
 */
export const RELATIONSHIP_BANDS = ['under-1y', '1-3y', '3-5y', '5-10y', '10y-plus', 'unknown'] as const;
export type RelationshipBand = (typeof RELATIONSHIP_BANDS)[number];

/** Upper bounds, in whole years, of each band but the last known one. */
const LIMITS: Array<[number, RelationshipBand]> = [
  [1, 'under-1y'],
  [3, '1-3y'],
  [5, '3-5y'],
  [10, '5-10y'],
];

/** The band of a relationship that began on `since` (YYYY-MM-DD), as of `at`. */
export function relationshipBand(since: string | null, at: Date): RelationshipBand {
  if (!since) return 'unknown';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(since);
  if (!match) return 'unknown';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let years = at.getUTCFullYear() - year;
  if (at.getUTCMonth() + 1 < month || (at.getUTCMonth() + 1 === month && at.getUTCDate() < day)) years -= 1;
  if (years < 0) return 'unknown';
  for (const [limit, band] of LIMITS) if (years < limit) return band;
  return '10y-plus';
}
