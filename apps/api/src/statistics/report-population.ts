import type { EntityManager } from 'typeorm';
import type { ReportSnapshot } from './report-snapshot.entity';

/** Builds the SQL condition "this response was in the report's population", with its parameters. */
function memberOf(snapshot: ReportSnapshot, values: unknown[]): string {
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const { filters } = snapshot.parameters;
  const conditions = [`received_at <= ${add(snapshot.populationCutoff)}::timestamptz`];
  if (filters.campaignId) conditions.push(`campaign_id = ${add(filters.campaignId)}::uuid`);
  if (filters.from) conditions.push(`submitted_at >= ${add(filters.from)}::timestamptz`);
  if (filters.to) conditions.push(`submitted_at < ${add(filters.to)}::timestamptz`);
  return `(${conditions.join(' AND ')})`;
}

/**
 * How many responses are in one report's population and not the other's, as a range. A
 * population is "every response matching the filters received by the cutoff", so it can be
 * measured again later; what it cannot show is a response deleted since (an erasure, an expiry):
 * such a response was in the report as generated. Those counted by a report but gone now are
 * known per report, not whether they were in both, hence a range rather than a number.
 */
export async function populationOverlap(
  manager: EntityManager,
  a: ReportSnapshot,
  b: ReportSnapshot,
): Promise<{ min: number; max: number }> {
  const values: unknown[] = [a.surveyId];
  const inA = memberOf(a, values);
  const inB = memberOf(b, values);
  const [row]: { onlyA: number; onlyB: number; both: number }[] = await manager.query(
    `SELECT count(*) FILTER (WHERE ${inA} AND NOT ${inB})::int AS "onlyA",
            count(*) FILTER (WHERE ${inB} AND NOT ${inA})::int AS "onlyB",
            count(*) FILTER (WHERE ${inA} AND ${inB})::int AS both
       FROM responses
      WHERE survey_id = $1 AND (${inA} OR ${inB})`,
    values,
  );
  const goneA = Math.max(0, a.responses - row.onlyA - row.both);
  const goneB = Math.max(0, b.responses - row.onlyB - row.both);
  return {
    min: row.onlyA + row.onlyB + Math.abs(goneA - goneB),
    max: row.onlyA + row.onlyB + goneA + goneB,
  };
}
