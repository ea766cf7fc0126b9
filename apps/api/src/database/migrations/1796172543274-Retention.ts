import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (issue 7, items 7–10): run receipts, per-survey anonymisation at close and the keys
 * of anonymised free text, indexes the purge walks by expiry, and signed audit checkpoints. The
 * audit log stays append-only except that DELETE may now remove events up to the highest signed
 * checkpoint (the retention cut); UPDATE and TRUNCATE are still refused.
 */
export class Retention1796172543274 implements MigrationInterface {
  name = 'Retention1796172543274';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_checkpoints" ("seq" bigint NOT NULL, "hash" character(64) NOT NULL, "event_occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" text NOT NULL, "signature" text NOT NULL, CONSTRAINT "PK_00d27c519361818fba5bb6602de" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query(
      'CREATE TABLE "anonymised_text_keys" ("subject_id" uuid NOT NULL, "survey_id" uuid NOT NULL, "submitted_on" date NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "anonymised_text_keys_survey_day_key" UNIQUE ("survey_id", "submitted_on"), CONSTRAINT "PK_280451d181f95ce328b4ed1eef6" PRIMARY KEY ("subject_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "retention_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trigger" text NOT NULL, "triggered_by" uuid, "status" text NOT NULL DEFAULT \'running\', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "policy" jsonb NOT NULL, "counts" jsonb NOT NULL DEFAULT \'{}\', "current_kind" text, "errors" jsonb NOT NULL DEFAULT \'[]\', CONSTRAINT "retention_runs_trigger_check" CHECK (trigger IN (\'schedule\', \'manual\')), CONSTRAINT "retention_runs_status_check" CHECK (status IN (\'running\', \'completed\', \'failed\')), CONSTRAINT "PK_80f0aec401112f8d4bad156a908" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "retention_runs_started_idx" ON "retention_runs"  ("started_at") ');
    await queryRunner.query('ALTER TABLE "surveys" ADD "anonymise_at_close" boolean NOT NULL DEFAULT true');
    await queryRunner.query('ALTER TABLE "responses" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "responses" ADD "free_text_key_id" uuid');
    await queryRunner.query('CREATE INDEX "contacts_collected_at_idx" ON "contacts"  ("collected_at") ');
    await queryRunner.query(
      'CREATE INDEX "invitations_survey_created_idx" ON "invitations"  ("survey_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "responses_survey_submitted_idx" ON "responses"  ("survey_id", "submitted_at") ',
    );
    await queryRunner.query('CREATE INDEX "mail_outbox_created_idx" ON "mail_outbox"  ("created_at") ');
    await queryRunner.query(
      'ALTER TABLE "anonymised_text_keys" ADD CONSTRAINT "FK_026927b3344ed42577b85a252ca" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.seq <= (SELECT coalesce(max(seq), 0) FROM audit_checkpoints) THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query('ALTER TABLE "anonymised_text_keys" DROP CONSTRAINT "FK_026927b3344ed42577b85a252ca"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_created_idx"');
    await queryRunner.query('DROP INDEX "public"."responses_survey_submitted_idx"');
    await queryRunner.query('DROP INDEX "public"."invitations_survey_created_idx"');
    await queryRunner.query('DROP INDEX "public"."contacts_collected_at_idx"');
    await queryRunner.query('ALTER TABLE "responses" DROP COLUMN "free_text_key_id"');
    await queryRunner.query('ALTER TABLE "responses" DROP COLUMN "anonymised_at"');
    await queryRunner.query('ALTER TABLE "surveys" DROP COLUMN "anonymise_at_close"');
    await queryRunner.query('DROP INDEX "public"."retention_runs_started_idx"');
    await queryRunner.query('DROP TABLE "retention_runs"');
    await queryRunner.query('DROP TABLE "anonymised_text_keys"');
    await queryRunner.query('DROP TABLE "audit_checkpoints"');
  }
}
