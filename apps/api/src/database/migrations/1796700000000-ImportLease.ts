import { MigrationInterface, QueryRunner } from 'typeorm';

/** Contact imports carry their owner and a lease, so an interrupted one is found at once. */
export class ImportLease1796700000000 implements MigrationInterface {
  name = 'ImportLease1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "owner_id" text');
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "lease_expires_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "lease_expires_at"');
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "owner_id"');
  }
}
