import type { Answers, Questionnaire } from '@survey/questionnaire';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { tallyOf } from '../../statistics/tally';

/** Tallies of the responses stored before statistics existed, a thousand at a time. */
async function backfillTallies(queryRunner: QueryRunner): Promise<void> {
  const versions: { survey_id: string; version: number; questionnaire: Questionnaire }[] = await queryRunner.query(
    'SELECT survey_id, version, questionnaire FROM questionnaire_versions',
  );
  for (const { survey_id: surveyId, version, questionnaire } of versions) {
    for (;;) {
      const rows: { id: string; answers: Answers }[] = await queryRunner.query(
        `SELECT id, answers FROM responses
          WHERE survey_id = $1 AND questionnaire_version = $2 AND tally IS NULL LIMIT 1000`,
        [surveyId, version],
      );
      if (rows.length === 0) break;
      await queryRunner.query(
        `UPDATE responses SET tally = t.tally::bigint[]
           FROM unnest($1::uuid[], $2::text[]) AS t(id, tally) WHERE responses.id = t.id`,
        [rows.map((row) => row.id), rows.map((row) => tallyOf(questionnaire, row.answers))],
      );
    }
  }
  await queryRunner.query(`UPDATE responses SET tally = '{}' WHERE tally IS NULL`);
}

export class Statistics1796172606121 implements MigrationInterface {
  name = 'Statistics1796172606121';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "report_snapshots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "title" text NOT NULL, "language" text NOT NULL, "status" text NOT NULL DEFAULT \'draft\', "parameters" jsonb NOT NULL, "content" jsonb NOT NULL, "responses" integer NOT NULL, "population_cutoff" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "published_by" uuid, CONSTRAINT "report_snapshots_published_check" CHECK ((status = \'published\') = (published_at IS NOT NULL)), CONSTRAINT "report_snapshots_status_check" CHECK (status IN (\'draft\', \'published\')), CONSTRAINT "PK_b72010989c40cd0883ed90f674a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "report_snapshots_published_idx" ON "report_snapshots"  ("published_at") ');
    await queryRunner.query(
      'CREATE INDEX "report_snapshots_survey_idx" ON "report_snapshots"  ("survey_id", "created_at") ',
    );
    await queryRunner.query('ALTER TABLE "responses" ADD "campaign_id" uuid');
    await queryRunner.query(
      `UPDATE "responses" r SET "campaign_id" = i."campaign_id" FROM "invitations" i WHERE i."id" = r."invitation_id"`,
    );
    await queryRunner.query('CREATE INDEX "responses_campaign_idx" ON "responses"  ("campaign_id") ');
    await queryRunner.query(
      'ALTER TABLE "responses" ADD CONSTRAINT "FK_588aa21beeeaeebb77bf1799ee6" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "report_snapshots" ADD CONSTRAINT "FK_1e0d4970d168df99e611054677a" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "report_snapshots" ADD CONSTRAINT "FK_0de859b003f311f9e12738f01c9" FOREIGN KEY ("created_by") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "report_snapshots" ADD CONSTRAINT "FK_41a6061b2d7315d3819f8c50805" FOREIGN KEY ("published_by") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query('ALTER TABLE "responses" ADD "tally" bigint array');
    await backfillTallies(queryRunner);
    await queryRunner.query('ALTER TABLE "responses" ALTER COLUMN "tally" SET NOT NULL');
    // A published report is a record of what management was given: it never changes (only a deleted
    // staff user's id may be cleared from it).
    await queryRunner.query(`CREATE FUNCTION "report_snapshots_published_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a published report snapshot cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "report_snapshots_no_update_when_published" BEFORE UPDATE ON "report_snapshots" FOR EACH ROW WHEN (OLD.status = 'published' AND (OLD.survey_id, OLD.title, OLD.language, OLD.status, OLD.parameters, OLD.content, OLD.responses, OLD.population_cutoff, OLD.created_at, OLD.published_at) IS DISTINCT FROM (NEW.survey_id, NEW.title, NEW.language, NEW.status, NEW.parameters, NEW.content, NEW.responses, NEW.population_cutoff, NEW.created_at, NEW.published_at)) EXECUTE FUNCTION "report_snapshots_published_immutable"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "responses" DROP COLUMN "tally"');
    await queryRunner.query('DROP TRIGGER "report_snapshots_no_update_when_published" ON "report_snapshots"');
    await queryRunner.query('DROP FUNCTION "report_snapshots_published_immutable"()');
    await queryRunner.query('ALTER TABLE "report_snapshots" DROP CONSTRAINT "FK_41a6061b2d7315d3819f8c50805"');
    await queryRunner.query('ALTER TABLE "report_snapshots" DROP CONSTRAINT "FK_0de859b003f311f9e12738f01c9"');
    await queryRunner.query('ALTER TABLE "report_snapshots" DROP CONSTRAINT "FK_1e0d4970d168df99e611054677a"');
    await queryRunner.query('ALTER TABLE "responses" DROP CONSTRAINT "FK_588aa21beeeaeebb77bf1799ee6"');
    await queryRunner.query('DROP INDEX "public"."responses_campaign_idx"');
    await queryRunner.query('ALTER TABLE "responses" DROP COLUMN "campaign_id"');
    await queryRunner.query('DROP INDEX "public"."report_snapshots_survey_idx"');
    await queryRunner.query('DROP INDEX "public"."report_snapshots_published_idx"');
    await queryRunner.query('DROP TABLE "report_snapshots"');
  }
}
