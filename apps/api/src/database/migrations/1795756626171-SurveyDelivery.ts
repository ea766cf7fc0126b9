import { MigrationInterface, QueryRunner } from 'typeorm';

export class SurveyDelivery1795756626171 implements MigrationInterface {
  name = 'SurveyDelivery1795756626171';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "keystore"');
    await queryRunner.query(
      'CREATE TABLE "contact_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "format" text NOT NULL, "status" text NOT NULL, "size_bytes" bigint NOT NULL, "total_rows" integer NOT NULL, "processed_rows" integer NOT NULL DEFAULT \'0\', "created" integer NOT NULL DEFAULT \'0\', "updated" integer NOT NULL DEFAULT \'0\', "rejected" integer NOT NULL DEFAULT \'0\', "warnings" integer NOT NULL DEFAULT \'0\', "failure_reason" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contact_imports_format_check" CHECK (format IN (\'csv\', \'json\')), CONSTRAINT "contact_imports_status_check" CHECK (status IN (\'queued\', \'running\', \'completed\', \'failed\')), CONSTRAINT "PK_4297d9cdb758eea151bbb09dddb" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "contact_import_issues" ("id" BIGSERIAL NOT NULL, "import_id" uuid NOT NULL, "row" integer NOT NULL, "field" text NOT NULL, "severity" text NOT NULL, "reason" text NOT NULL, CONSTRAINT "contact_import_issues_severity_check" CHECK (severity IN (\'error\', \'warning\')), CONSTRAINT "PK_25bd7ca74facb9ae4b80d98568e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "contact_import_issues_row_idx" ON "contact_import_issues"  ("import_id", "row") ',
    );
    await queryRunner.query(
      'CREATE TABLE "contacts" ("id" uuid NOT NULL, "email_index" bytea NOT NULL, "email_ciphertext" bytea NOT NULL, "name_ciphertext" bytea NOT NULL, "registration_numbers_ciphertext" bytea, "country" character(2) NOT NULL, "segment" text NOT NULL, "role" text, "relationship_since" date, "platform" text NOT NULL, "language" text NOT NULL DEFAULT \'en\', "collected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_import_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9203c6db2371852d44427c18fa9" UNIQUE ("email_index"), CONSTRAINT "contacts_country_check" CHECK (country ~ \'^[A-Z]{2}$\'), CONSTRAINT "contacts_segment_check" CHECK (segment IN (\'agent\', \'applicant\', \'holder\', \'representative\')), CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "contacts_targeting_idx" ON "contacts"  ("country", "segment") ');
    await queryRunner.query(
      'CREATE TABLE "keystore"."subject_keys" ("subject_id" uuid NOT NULL, "wrapped_key" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cdf13a0f97389627e107b9b5be6" PRIMARY KEY ("subject_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "surveys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "status" text NOT NULL DEFAULT \'draft\', "draft_questionnaire" jsonb NOT NULL, "published_version" integer, "retention_months" integer NOT NULL DEFAULT \'24\', "min_group_size" integer NOT NULL DEFAULT \'5\', "opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "surveys_min_group_size_check" CHECK (min_group_size >= 3), CONSTRAINT "surveys_retention_check" CHECK (retention_months BETWEEN 1 AND 24), CONSTRAINT "surveys_status_check" CHECK (status IN (\'draft\', \'open\', \'closed\')), CONSTRAINT "PK_1b5e3d4aaeb2321ffa98498c971" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "questionnaire_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "version" integer NOT NULL, "questionnaire" jsonb NOT NULL, "published_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "questionnaire_versions_survey_version_key" UNIQUE ("survey_id", "version"), CONSTRAINT "PK_9c479103f1b00bf6755ffd1f3d2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "name" text NOT NULL, "target" jsonb NOT NULL, "invited_count" integer NOT NULL DEFAULT \'0\', "already_invited_count" integer NOT NULL DEFAULT \'0\', "max_reminders" integer NOT NULL, "reminder_rounds" integer NOT NULL DEFAULT \'0\', "last_reminder_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "campaigns_survey_idx" ON "campaigns"  ("survey_id") ');
    await queryRunner.query(
      'CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "language" text NOT NULL, "delivery_status" text NOT NULL DEFAULT \'pending\', "reminders_sent" integer NOT NULL DEFAULT \'0\', "last_mailed_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "opted_out_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "invitations_survey_contact_key" UNIQUE ("survey_id", "contact_id"), CONSTRAINT "invitations_delivery_status_check" CHECK (delivery_status IN (\'pending\', \'sent\', \'bounced\', \'failed\')), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "invitations_contact_idx" ON "invitations"  ("contact_id") ');
    await queryRunner.query('CREATE INDEX "invitations_campaign_idx" ON "invitations"  ("campaign_id") ');
    await queryRunner.query(
      'CREATE TABLE "invitation_tokens" ("token_hash" bytea NOT NULL, "invitation_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7458a4948d9f84e7ed93dabf25f" PRIMARY KEY ("token_hash"))',
    );
    await queryRunner.query(
      'CREATE INDEX "invitation_tokens_invitation_idx" ON "invitation_tokens"  ("invitation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "mail_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_id" uuid NOT NULL, "kind" text NOT NULL, "invitation_id" uuid, "message_ciphertext" bytea, "status" text NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mail_outbox_status_check" CHECK (status IN (\'pending\', \'sending\', \'sent\', \'failed\', \'cancelled\')), CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "mail_outbox_subject_idx" ON "mail_outbox"  ("subject_id") ');
    await queryRunner.query('CREATE INDEX "mail_outbox_invitation_idx" ON "mail_outbox"  ("invitation_id") ');
    await queryRunner.query(
      'CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox"  ("next_attempt_at") WHERE status IN (\'pending\', \'sending\')',
    );
    await queryRunner.query(
      'ALTER TABLE "contact_import_issues" ADD CONSTRAINT "FK_4746faae02179d3e09e14f53fb5" FOREIGN KEY ("import_id") REFERENCES "contact_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "questionnaire_versions" ADD CONSTRAINT "FK_cfbd2f7540a624bcd4125044976" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaigns" ADD CONSTRAINT "FK_922581c13054dc11f116e49d12a" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "invitations" ADD CONSTRAINT "FK_c63cfea72f358c87dcbf5d6220b" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "invitations" ADD CONSTRAINT "FK_79c08ce2765f319fafae3ad2095" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "invitations" ADD CONSTRAINT "FK_b54afe4a8ef5be2e96117a3b190" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "invitation_tokens" ADD CONSTRAINT "FK_b65b557a3248fc33f98776f6609" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(`CREATE FUNCTION "questionnaire_versions_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a published questionnaire version is immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "questionnaire_versions_no_update" BEFORE UPDATE ON "questionnaire_versions" FOR EACH ROW EXECUTE FUNCTION "questionnaire_versions_immutable"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "questionnaire_versions_no_update" ON "questionnaire_versions"');
    await queryRunner.query('DROP FUNCTION "questionnaire_versions_immutable"()');
    await queryRunner.query('ALTER TABLE "invitation_tokens" DROP CONSTRAINT "FK_b65b557a3248fc33f98776f6609"');
    await queryRunner.query('ALTER TABLE "invitations" DROP CONSTRAINT "FK_b54afe4a8ef5be2e96117a3b190"');
    await queryRunner.query('ALTER TABLE "invitations" DROP CONSTRAINT "FK_79c08ce2765f319fafae3ad2095"');
    await queryRunner.query('ALTER TABLE "invitations" DROP CONSTRAINT "FK_c63cfea72f358c87dcbf5d6220b"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP CONSTRAINT "FK_922581c13054dc11f116e49d12a"');
    await queryRunner.query('ALTER TABLE "questionnaire_versions" DROP CONSTRAINT "FK_cfbd2f7540a624bcd4125044976"');
    await queryRunner.query('ALTER TABLE "contact_import_issues" DROP CONSTRAINT "FK_4746faae02179d3e09e14f53fb5"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_due_idx"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_invitation_idx"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_subject_idx"');
    await queryRunner.query('DROP TABLE "mail_outbox"');
    await queryRunner.query('DROP INDEX "public"."invitation_tokens_invitation_idx"');
    await queryRunner.query('DROP TABLE "invitation_tokens"');
    await queryRunner.query('DROP INDEX "public"."invitations_campaign_idx"');
    await queryRunner.query('DROP INDEX "public"."invitations_contact_idx"');
    await queryRunner.query('DROP TABLE "invitations"');
    await queryRunner.query('DROP INDEX "public"."campaigns_survey_idx"');
    await queryRunner.query('DROP TABLE "campaigns"');
    await queryRunner.query('DROP TABLE "questionnaire_versions"');
    await queryRunner.query('DROP TABLE "surveys"');
    await queryRunner.query('DROP TABLE "keystore"."subject_keys"');
    await queryRunner.query('DROP INDEX "public"."contacts_targeting_idx"');
    await queryRunner.query('DROP TABLE "contacts"');
    await queryRunner.query('DROP INDEX "public"."contact_import_issues_row_idx"');
    await queryRunner.query('DROP TABLE "contact_import_issues"');
    await queryRunner.query('DROP TABLE "contact_imports"');
    await queryRunner.query('DROP SCHEMA "keystore"');
  }
}
