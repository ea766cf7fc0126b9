import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact imports run on the job queue, whose lock replaced the hand-written lease: the owner
 * and lease columns are no longer read or written by anything.
 */
export class DropImportLease1797500000000 implements MigrationInterface {
  name = 'DropImportLease1797500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "lease_expires_at"');
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "owner_id"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "owner_id" text');
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "lease_expires_at" TIMESTAMP WITH TIME ZONE');
  }
}
