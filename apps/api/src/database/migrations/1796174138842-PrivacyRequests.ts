import { MigrationInterface, QueryRunner } from 'typeorm';

export class PrivacyRequests1796174138842 implements MigrationInterface {
  name = 'PrivacyRequests1796174138842';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "privacy_requests" ("id" uuid NOT NULL, "type" text NOT NULL, "status" text NOT NULL, "channel" text NOT NULL, "language" text NOT NULL, "email_index" bytea, "email_ciphertext" bytea, "details_ciphertext" bytea, "contact_id" uuid, "verification_token_hash" bytea, "verification_expires_at" TIMESTAMP WITH TIME ZONE, "identity_verification" text, "identity_note_ciphertext" bytea, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE, "extended_at" TIMESTAMP WITH TIME ZONE, "extension_reason_ciphertext" bytea, "started_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, "rejection_note_ciphertext" bytea, "outcome" jsonb, "closing_mail_id" uuid, "personal_data_removed_at" TIMESTAMP WITH TIME ZONE, "registered_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "privacy_requests_rejection_check" CHECK (rejection_reason IS NULL OR rejection_reason IN (\'identity-not-verified\', \'no-data-held\', \'manifestly-unfounded\', \'excessive\', \'other\')), CONSTRAINT "privacy_requests_identity_check" CHECK (identity_verification IS NULL OR identity_verification IN (\'email-link\', \'known-address\', \'signed-letter\', \'identity-document\', \'other\')), CONSTRAINT "privacy_requests_channel_check" CHECK (channel IN (\'web\', \'letter\', \'email\')), CONSTRAINT "privacy_requests_status_check" CHECK (status IN (\'received\', \'verified\', \'in_progress\', \'completed\', \'rejected\')), CONSTRAINT "privacy_requests_type_check" CHECK (type IN (\'access\', \'rectification\', \'erasure\', \'objection\')), CONSTRAINT "PK_fbdea00fb2fcf274bf0d2ddf2c2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "privacy_requests_verification_key" ON "privacy_requests"  ("verification_token_hash") WHERE verification_token_hash IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX "privacy_requests_closed_idx" ON "privacy_requests"  ("closed_at") ');
    await queryRunner.query('CREATE INDEX "privacy_requests_email_index_idx" ON "privacy_requests"  ("email_index") ');
    await queryRunner.query(
      'CREATE INDEX "privacy_requests_status_due_idx" ON "privacy_requests"  ("status", "due_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "privacy_request_downloads" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, "contact_id" uuid, "token_hash" bytea NOT NULL, "package_ciphertext" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_downloaded_at" TIMESTAMP WITH TIME ZONE, "download_count" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a270601ee851fe582c8e83e79a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "privacy_request_downloads_contact_idx" ON "privacy_request_downloads"  ("contact_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "privacy_request_downloads_expiry_idx" ON "privacy_request_downloads"  ("expires_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "privacy_request_downloads_token_key" ON "privacy_request_downloads"  ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE TABLE "provider_erasure_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "respondent_pseudonym" text NOT NULL, "action" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, CONSTRAINT "provider_erasure_notices_action_check" CHECK (action IN (\'erase\', \'rectify\')), CONSTRAINT "PK_0f0fdc1221cda25fbd7c1032fb2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "provider_erasure_notices_pending_idx" ON "provider_erasure_notices"  ("survey_id", "created_at") WHERE acknowledged_at IS NULL',
    );
    await queryRunner.query('ALTER TABLE "contacts" ADD "objected_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "privacy_requests" ADD CONSTRAINT "FK_6d7df17658c0b9c05a6a013de74" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "privacy_request_downloads" ADD CONSTRAINT "FK_07a33808803f7c64d246894cef4" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "privacy_request_downloads" ADD CONSTRAINT "FK_0a48f13023ae7c75619b0db4cee" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "provider_erasure_notices" ADD CONSTRAINT "FK_2a54e11afec5c9b5f6627062007" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "provider_erasure_notices" ADD CONSTRAINT "FK_6ed8e6efdf1ede01264c9296421" FOREIGN KEY ("acknowledged_by") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "provider_erasure_notices" DROP CONSTRAINT "FK_6ed8e6efdf1ede01264c9296421"');
    await queryRunner.query('ALTER TABLE "provider_erasure_notices" DROP CONSTRAINT "FK_2a54e11afec5c9b5f6627062007"');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" DROP CONSTRAINT "FK_0a48f13023ae7c75619b0db4cee"');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" DROP CONSTRAINT "FK_07a33808803f7c64d246894cef4"');
    await queryRunner.query('ALTER TABLE "privacy_requests" DROP CONSTRAINT "FK_6d7df17658c0b9c05a6a013de74"');
    await queryRunner.query('ALTER TABLE "contacts" DROP COLUMN "objected_at"');
    await queryRunner.query('DROP INDEX "public"."provider_erasure_notices_pending_idx"');
    await queryRunner.query('DROP TABLE "provider_erasure_notices"');
    await queryRunner.query('DROP INDEX "public"."privacy_request_downloads_token_key"');
    await queryRunner.query('DROP INDEX "public"."privacy_request_downloads_expiry_idx"');
    await queryRunner.query('DROP INDEX "public"."privacy_request_downloads_contact_idx"');
    await queryRunner.query('DROP TABLE "privacy_request_downloads"');
    await queryRunner.query('DROP INDEX "public"."privacy_requests_status_due_idx"');
    await queryRunner.query('DROP INDEX "public"."privacy_requests_email_index_idx"');
    await queryRunner.query('DROP INDEX "public"."privacy_requests_closed_idx"');
    await queryRunner.query('DROP INDEX "public"."privacy_requests_verification_key"');
    await queryRunner.query('DROP TABLE "privacy_requests"');
  }
}
