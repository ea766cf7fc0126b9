import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The rollups' grain of time: the first day of the month, in UTC (as the migration's triggers have it). */
const MONTH_OF = (column: string) => `date_trunc('month', ${column} AT TIME ZONE 'UTC')::date`;

/** The key of a rollup row (campaign without NULL, so that it can be joined on). */
const KEYS = 'survey_id, version, campaign, month, received_month, country, segment, role, band, channel';
const NO_CAMPAIGN = "'00000000-0000-0000-0000-000000000000'::uuid";
/** One 21-bit field of a tally word (statistics/tally.ts). */
const FIELD_MASK = 2097151;

/** Rollup rows are keyed by survey; corrections of folded responses take the same lock (see the migration). */
const ROLLUP_LOCK_CLASS = 7231;

/**
 * The rollups of responses (`response_rollups`) and the responses not yet folded into them
 * (`response_rollup_pending`). Triggers on `responses` list new responses as pending and take
 * deleted or changed ones out of the rollups (migration ResponseRollups); this folds the pending
 * ones in. Statistics read both (ResponseStatisticsRepository.rollupGroups).
 */
@Injectable()
export class ResponseRollupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The surveys with responses waiting to be folded. */
  async surveysWithPending(): Promise<string[]> {
    const rows: { survey_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT survey_id FROM response_rollup_pending',
    );
    return rows.map((row) => row.survey_id);
  }

  /**
   * Folds at most `limit` pending responses of a survey into its rollup rows, in one transaction
   * (a response leaves the tail and enters its row at the same commit); returns how many.
   * Pending responses whose insert has not committed yet stay for a later fold (their pending row
   * is written in the same transaction, so it is not visible either).
   */
  async fold(surveyId: string, limit: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2::text))', [ROLLUP_LOCK_CLASS, surveyId]);
      // A bitmap scan would read every pending entry of the survey to take the first `limit`.
      await tx.query('SET LOCAL enable_bitmapscan = off');
      const [row]: { folded: number }[] = await tx.query(
        `WITH batch AS (
           DELETE FROM response_rollup_pending p
            WHERE p.response_id IN (
                    SELECT q.response_id FROM response_rollup_pending q WHERE q.survey_id = $1 LIMIT $2)
           RETURNING p.response_id),
         folded AS MATERIALIZED (
           SELECT r.survey_id, r.questionnaire_version AS version, coalesce(r.campaign_id, ${NO_CAMPAIGN}) AS campaign,
                  ${MONTH_OF('r.submitted_at')} AS month, ${MONTH_OF('r.received_at')} AS received_month, r.country,
                  r.segment, coalesce(r.role, '') AS role, r.relationship_band AS band, r.channel, r.tally
             FROM batch b JOIN responses r ON r.id = b.response_id),
         heads AS (
           SELECT ${KEYS}, count(*) AS respondents FROM folded GROUP BY ${KEYS}),
         words AS (
           SELECT ${KEYS}, w.i, sum(w.v & ${FIELD_MASK}) AS f0, sum((w.v >> 21) & ${FIELD_MASK}) AS f1,
                  sum((w.v >> 42) & ${FIELD_MASK}) AS f2
             FROM folded, unnest(tally) WITH ORDINALITY AS w(v, i)
            GROUP BY ${KEYS}, w.i),
         fields AS (
           SELECT ${KEYS}, array_agg(f.n ORDER BY words.i, f.k)::int8[] AS counts
             FROM words, LATERAL (VALUES (0, words.f0), (1, words.f1), (2, words.f2)) AS f(k, n)
            GROUP BY ${KEYS}),
         parts AS (
           SELECT h.*, coalesce(f.counts, '{}') AS counts FROM heads h LEFT JOIN fields f USING (${KEYS})),
         merged AS (
           INSERT INTO response_rollups (survey_id, questionnaire_version, campaign_id, month, received_month, country,
                                         segment, role, relationship_band, channel, respondents, counts)
           SELECT survey_id, version, nullif(campaign, ${NO_CAMPAIGN}), month, received_month, country, segment, role,
                  band, channel, respondents, counts
             FROM parts
           ON CONFLICT (survey_id, month, questionnaire_version,
                        (coalesce(campaign_id, ${NO_CAMPAIGN})), received_month, country,
                        segment, role, relationship_band, channel)
           DO UPDATE SET respondents = response_rollups.respondents + EXCLUDED.respondents,
                         counts = response_counts_add(response_rollups.counts, EXCLUDED.counts)
           RETURNING 1),
         totals AS (
           INSERT INTO response_rollup_totals (survey_id, questionnaire_version, campaign_id, country, segment, role,
                                               relationship_band, channel, respondents, counts)
           SELECT survey_id, version, nullif(campaign, ${NO_CAMPAIGN}), country, segment, role, band, channel,
                  sum(respondents), response_counts_sum(counts)
             FROM parts
            GROUP BY survey_id, version, campaign, country, segment, role, band, channel
           ON CONFLICT (survey_id, questionnaire_version, (coalesce(campaign_id, ${NO_CAMPAIGN})), country, segment,
                        role, relationship_band, channel)
           DO UPDATE SET respondents = response_rollup_totals.respondents + EXCLUDED.respondents,
                         counts = response_counts_add(response_rollup_totals.counts, EXCLUDED.counts)
           RETURNING 1)
         SELECT (SELECT count(*) FROM batch)::int AS folded`,
        [surveyId, limit],
      );
      return row.folded;
    });
  }

  /** How many responses wait to be folded (all surveys). */
  async pendingCount(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM response_rollup_pending',
    );
    return row.n;
  }
}
