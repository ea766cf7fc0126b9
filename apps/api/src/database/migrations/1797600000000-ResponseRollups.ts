import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics from incremental aggregates. `response_rollups` holds, per survey, questionnaire
 * version, campaign, month of submission, month of reception, demographic group and channel, how many
 * responses there are and their tally counters unpacked (see statistics/tally.ts), so that no
 * field can overflow however many responses a row sums; `response_rollup_totals` holds the same
 * without time, for views of a whole survey. A response is first listed in
 * `response_rollup_pending` (by a statement trigger on insert, whatever the path); a fold job
 * moves pending responses into the rollups. Statistics read the rollups plus the pending tail,
 * so that they are exact and current at any moment. Deleting or changing an already folded
 * response takes its part out of the rollups again (statement triggers, set-wise), so erasure,
 * rectification, anonymisation and retention keep them exact. A transaction-level advisory
 * lock per survey orders the fold and those corrections.
 *
 * The grain of time is the month, not the day: with some 20,000 demographic groups, a day's grain
 * makes about as many rollup rows as responses. Views whose period or cut falls inside a month
 * read that month's responses one by one.
 */
export class ResponseRollups1797600000000 implements MigrationInterface {
  name = 'ResponseRollups1797600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "response_rollups" (
        "survey_id" uuid NOT NULL REFERENCES "surveys" ("id") ON DELETE CASCADE,
        "questionnaire_version" integer NOT NULL,
        "campaign_id" uuid,
        "month" date NOT NULL,
        "received_month" date NOT NULL,
        "country" text NOT NULL,
        "segment" text NOT NULL,
        "role" text NOT NULL,
        "relationship_band" text NOT NULL,
        "channel" text NOT NULL,
        "respondents" bigint NOT NULL,
        "counts" bigint[] NOT NULL
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "response_rollups_key" ON "response_rollups" ("survey_id", "month", "questionnaire_version",
        (coalesce("campaign_id", '00000000-0000-0000-0000-000000000000'::uuid)), "received_month", "country", "segment",
        "role", "relationship_band", "channel")`);
    // The same counts without time: what a view of the whole survey reads (a few rows per group).
    await queryRunner.query(`
      CREATE TABLE "response_rollup_totals" (
        "survey_id" uuid NOT NULL REFERENCES "surveys" ("id") ON DELETE CASCADE,
        "questionnaire_version" integer NOT NULL,
        "campaign_id" uuid,
        "country" text NOT NULL,
        "segment" text NOT NULL,
        "role" text NOT NULL,
        "relationship_band" text NOT NULL,
        "channel" text NOT NULL,
        "respondents" bigint NOT NULL,
        "counts" bigint[] NOT NULL
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "response_rollup_totals_key" ON "response_rollup_totals" ("survey_id", "questionnaire_version",
        (coalesce("campaign_id", '00000000-0000-0000-0000-000000000000'::uuid)), "country", "segment", "role",
        "relationship_band", "channel")`);
    await queryRunner.query(`
      CREATE TABLE "response_rollup_pending" (
        "response_id" uuid PRIMARY KEY,
        "survey_id" uuid NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "response_rollup_pending_survey_idx" ON "response_rollup_pending" ("survey_id")`,
    );
    // Reports count what was received by their cut: the responses received in the cut's month are
    // found through this index (cheap to keep: responses arrive in reception order).
    await queryRunner.query(`CREATE INDEX "responses_received_brin" ON "responses" USING brin ("received_at")`);

    // A tally's counters, unpacked: three 21-bit fields per word.
    await queryRunner.query(`
      CREATE FUNCTION response_tally_fields(tally bigint[]) RETURNS bigint[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT coalesce(array_agg((w >> (21 * k)) & 2097151 ORDER BY i, k), '{}')
            FROM unnest(tally) WITH ORDINALITY AS u(w, i), generate_series(0, 2) AS k
        $$`);
    // Element-wise sum of counter arrays (the shorter one counts as zeros beyond its end).
    await queryRunner.query(`
      CREATE FUNCTION response_counts_add(a bigint[], b bigint[]) RETURNS bigint[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}')
            FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
        $$`);
    await queryRunner.query(`
      CREATE FUNCTION response_counts_sub(a bigint[], b bigint[]) RETURNS bigint[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT coalesce(array_agg(coalesce(x, 0) - coalesce(y, 0) ORDER BY i), '{}')
            FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
        $$`);
    await queryRunner.query(`
      CREATE AGGREGATE response_counts_sum(bigint[]) (
        SFUNC = response_counts_add, STYPE = bigint[], INITCOND = '{}'
      )`);

    // Every inserted response is pending until folded.
    await queryRunner.query(`
      CREATE FUNCTION response_rollups_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO response_rollup_pending (response_id, survey_id) SELECT id, survey_id FROM inserted_rows;
          RETURN NULL;
        END $$`);
    await queryRunner.query(`
      CREATE TRIGGER response_rollups_inserted AFTER INSERT ON responses
        REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION response_rollups_inserted()`);

    // Deleted responses: pending ones just leave the tail; folded ones are taken out of their row.
    await queryRunner.query(`
      CREATE FUNCTION response_rollups_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${LOCK_SURVEYS_OF('deleted_rows')}
          WITH gone AS (
                 DELETE FROM response_rollup_pending p USING deleted_rows d WHERE p.response_id = d.id
                 RETURNING p.response_id),
               folded AS (
                 SELECT d.* FROM deleted_rows d WHERE NOT EXISTS (SELECT 1 FROM gone g WHERE g.response_id = d.id))
          ${SUBTRACT_FOLDED}
          ${DROP_EMPTY_ROWS_OF('deleted_rows')}
          RETURN NULL;
        END $$`);
    await queryRunner.query(`
      CREATE TRIGGER response_rollups_deleted AFTER DELETE ON responses
        REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION response_rollups_deleted()`);

    // Changed responses (rectified demographic snapshot, any change of what is counted): a folded
    // one is taken out of its row and becomes pending again, to be folded where it now belongs.
    await queryRunner.query(`
      CREATE FUNCTION response_rollups_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NOT EXISTS (
               SELECT 1 FROM old_rows o JOIN new_rows n USING (id)
                WHERE ${CHANGED}) THEN
            RETURN NULL;
          END IF;
          ${LOCK_SURVEYS_OF('old_rows')}
          WITH folded AS (
                 SELECT o.* FROM old_rows o JOIN new_rows n USING (id)
                  WHERE ${CHANGED}
                    AND NOT EXISTS (SELECT 1 FROM response_rollup_pending p WHERE p.response_id = o.id)),
               requeued AS (
                 INSERT INTO response_rollup_pending (response_id, survey_id)
                 SELECT n.id, n.survey_id FROM new_rows n JOIN folded f USING (id)
                 ON CONFLICT DO NOTHING)
          ${SUBTRACT_FOLDED}
          ${DROP_EMPTY_ROWS_OF('old_rows')}
          RETURN NULL;
        END $$`);
    await queryRunner.query(`
      CREATE TRIGGER response_rollups_updated AFTER UPDATE ON responses
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION response_rollups_updated()`);

    // Responses stored before: all pending, folded by the first runs of the fold job.
    await queryRunner.query(
      `INSERT INTO response_rollup_pending (response_id, survey_id) SELECT id, survey_id FROM responses`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "response_rollups_updated" ON "responses"');
    await queryRunner.query('DROP TRIGGER "response_rollups_deleted" ON "responses"');
    await queryRunner.query('DROP TRIGGER "response_rollups_inserted" ON "responses"');
    await queryRunner.query('DROP FUNCTION response_rollups_updated()');
    await queryRunner.query('DROP FUNCTION response_rollups_deleted()');
    await queryRunner.query('DROP FUNCTION response_rollups_inserted()');
    await queryRunner.query('DROP AGGREGATE response_counts_sum(bigint[])');
    await queryRunner.query('DROP FUNCTION response_counts_sub(bigint[], bigint[])');
    await queryRunner.query('DROP FUNCTION response_counts_add(bigint[], bigint[])');
    await queryRunner.query('DROP FUNCTION response_tally_fields(bigint[])');
    await queryRunner.query('DROP INDEX "responses_received_brin"');
    await queryRunner.query('DROP TABLE "response_rollup_pending"');
    await queryRunner.query('DROP TABLE "response_rollup_totals"');
    await queryRunner.query('DROP TABLE "response_rollups"');
  }
}

/** The first day of a time's month, in UTC: the rollups' grain of time. */
export const MONTH_OF = (column: string) => `date_trunc('month', ${column} AT TIME ZONE 'UTC')::date`;

/** The per-survey lock the fold also takes (ResponseRollupsRepository), surveys in order. */
const LOCK_SURVEYS_OF = (rows: string) => `PERFORM pg_advisory_xact_lock(7231, hashtext(s.survey_id::text))
             FROM (SELECT DISTINCT survey_id FROM ${rows} ORDER BY 1) s;`;

/** Rollup rows and totals left with no response, for the surveys of `rows`. */
const DROP_EMPTY_ROWS_OF = (rows: string) => `DELETE FROM response_rollups
           WHERE respondents <= 0 AND survey_id IN (SELECT DISTINCT survey_id FROM ${rows});
          DELETE FROM response_rollup_totals
           WHERE respondents <= 0 AND survey_id IN (SELECT DISTINCT survey_id FROM ${rows});`;

/** A change of what a rollup row counts a response under. */
const CHANGED = `(o.questionnaire_version, o.campaign_id, o.submitted_at, o.received_at, o.country, o.segment,
                  o.role, o.relationship_band, o.channel, o.tally)
                 IS DISTINCT FROM
                 (n.questionnaire_version, n.campaign_id, n.submitted_at, n.received_at, n.country, n.segment,
                  n.role, n.relationship_band, n.channel, n.tally)`;

/** Takes the `folded` responses (a CTE of old rows) out of their rollup rows and totals. */
const SUBTRACT_FOLDED = `,
  parts AS (
    SELECT survey_id, questionnaire_version, campaign_id, ${MONTH_OF('submitted_at')} AS month,
           ${MONTH_OF('received_at')} AS received_month, country, segment, coalesce(role, '') AS role,
           relationship_band, channel, count(*) AS respondents,
           response_counts_sum(response_tally_fields(tally)) AS counts
      FROM folded
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
  totals AS (
    UPDATE response_rollup_totals t
       SET respondents = t.respondents - q.respondents,
           counts = response_counts_sub(t.counts, q.counts)
      FROM (SELECT survey_id, questionnaire_version, campaign_id, country, segment, role, relationship_band, channel,
                   sum(respondents) AS respondents, response_counts_sum(counts) AS counts
              FROM parts
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) q
     WHERE t.survey_id = q.survey_id AND t.questionnaire_version = q.questionnaire_version
       AND t.campaign_id IS NOT DISTINCT FROM q.campaign_id AND t.country = q.country AND t.segment = q.segment
       AND t.role = q.role AND t.relationship_band = q.relationship_band AND t.channel = q.channel
    RETURNING 1)
  UPDATE response_rollups g
     SET respondents = g.respondents - p.respondents,
         counts = response_counts_sub(g.counts, p.counts)
    FROM parts p
   WHERE g.survey_id = p.survey_id AND g.month = p.month AND g.questionnaire_version = p.questionnaire_version
     AND g.campaign_id IS NOT DISTINCT FROM p.campaign_id AND g.received_month = p.received_month
     AND g.country = p.country AND g.segment = p.segment AND g.role = p.role
     AND g.relationship_band = p.relationship_band AND g.channel = p.channel;`;
