import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResponseIngestion1795768060865 implements MigrationInterface {
  name = 'ResponseIngestion1795768060865';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "responses" ("id" uuid NOT NULL, "survey_id" uuid NOT NULL, "questionnaire_version" integer NOT NULL, "invitation_id" uuid, "respondent_pseudonym" text NOT NULL, "channel" text NOT NULL, "provider_response_id" text, "api_key_id" uuid, "answers" jsonb NOT NULL, "free_text" bytea, "language" text NOT NULL, "country" text NOT NULL, "segment" text NOT NULL, "role" text, "relationship_band" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "responses_invitation_key" UNIQUE ("invitation_id"), CONSTRAINT "responses_provider_id_check" CHECK ((channel = \'provider\') = (provider_response_id IS NOT NULL)), CONSTRAINT "responses_channel_check" CHECK (channel IN (\'web\', \'provider\')), CONSTRAINT "PK_be3bdac59bd243dff421ad7bf70" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "responses_survey_updated_idx" ON "responses"  ("survey_id", "updated_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "responses_survey_provider_id_key" ON "responses"  ("survey_id", "provider_response_id") WHERE provider_response_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "provider_idempotency_keys" ("api_key_id" uuid NOT NULL, "key_hash" bytea NOT NULL, "request_hash" bytea NOT NULL, "status" integer NOT NULL, "body" json, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_22c2b35676a98cd4a2c66a5cd71" PRIMARY KEY ("api_key_id", "key_hash"))',
    );
    await queryRunner.query(
      'CREATE INDEX "provider_idempotency_keys_created_idx" ON "provider_idempotency_keys"  ("api_key_id", "created_at") ',
    );
    await queryRunner.query('ALTER TABLE "invitations" ADD "draft_answers" bytea');
    await queryRunner.query('ALTER TABLE "invitations" ADD "draft_version" integer');
    await queryRunner.query('ALTER TABLE "invitations" ADD "draft_saved_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "responses" ADD CONSTRAINT "FK_b99501033ebe885b4496945ee16" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "responses" ADD CONSTRAINT "FK_5b53ae981671ba4164ae74053b3" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "responses" ADD CONSTRAINT "FK_989b7959ec12f05090185941e90" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "provider_idempotency_keys" ADD CONSTRAINT "FK_80cb3bec4d56e4ccf5b49b21c9f" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "provider_idempotency_keys" DROP CONSTRAINT "FK_80cb3bec4d56e4ccf5b49b21c9f"');
    await queryRunner.query('ALTER TABLE "responses" DROP CONSTRAINT "FK_989b7959ec12f05090185941e90"');
    await queryRunner.query('ALTER TABLE "responses" DROP CONSTRAINT "FK_5b53ae981671ba4164ae74053b3"');
    await queryRunner.query('ALTER TABLE "responses" DROP CONSTRAINT "FK_b99501033ebe885b4496945ee16"');
    await queryRunner.query('ALTER TABLE "invitations" DROP COLUMN "draft_saved_at"');
    await queryRunner.query('ALTER TABLE "invitations" DROP COLUMN "draft_version"');
    await queryRunner.query('ALTER TABLE "invitations" DROP COLUMN "draft_answers"');
    await queryRunner.query('DROP INDEX "public"."provider_idempotency_keys_created_idx"');
    await queryRunner.query('DROP TABLE "provider_idempotency_keys"');
    await queryRunner.query('DROP INDEX "public"."responses_survey_provider_id_key"');
    await queryRunner.query('DROP INDEX "public"."responses_survey_updated_idx"');
    await queryRunner.query('DROP TABLE "responses"');
  }
}
