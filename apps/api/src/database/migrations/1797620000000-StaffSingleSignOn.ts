import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff single sign-on: an account remembers the identity provider's subject it was created or
 * linked from, and a session remembers the provider's session id so back-channel logout can end it.
 */
export class StaffSingleSignOn1797620000000 implements MigrationInterface {
  name = 'StaffSingleSignOn1797620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "staff_users" ADD "oidc_subject" text');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "staff_users_oidc_subject_key" ON "staff_users" ("oidc_subject") WHERE "oidc_subject" IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "staff_sessions" ADD "oidc_sid" text');
    await queryRunner.query(
      'CREATE INDEX "staff_sessions_oidc_sid_idx" ON "staff_sessions" ("oidc_sid") WHERE "oidc_sid" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "staff_sessions_oidc_sid_idx"');
    await queryRunner.query('ALTER TABLE "staff_sessions" DROP COLUMN "oidc_sid"');
    await queryRunner.query('DROP INDEX "staff_users_oidc_subject_key"');
    await queryRunner.query('ALTER TABLE "staff_users" DROP COLUMN "oidc_subject"');
  }
}
