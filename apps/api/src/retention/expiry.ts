/**
 * SQL for "`column` plus `months` months is at or before `at`": the exact test, preceded by a
 * range on the column alone that an index can use. Adding months is not the inverse of taking
 * them away at month ends (31 January + 1 month is 28 February, and 28 February − 1 month is 28
 * January), so the range is widened by four days and the exact test decides: nothing is kept a
 * day past its expiry.
 */
export function expiredSql(column: string, months: string, at: string): string {
  return (
    `${column} <= ${at}::timestamptz - make_interval(months => ${months}) + interval '4 days'` +
    ` AND ${column} + make_interval(months => ${months}) <= ${at}::timestamptz`
  );
}

/**
 * SQL for a fresh random respondent pseudonym, shaped like the keyed ones (`r_` and 22 base64url
 * characters), for responses whose link to a person is removed: the keyed pseudonym could be
 * recomputed from the contact id, a random one cannot.
 */
export const RANDOM_PSEUDONYM_SQL = `'r_' || rtrim(translate(encode(decode(replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '+/', '-_'), '=')`;

/** The UTC calendar day of a moment, `YYYY-MM-DD`. */
export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}
