import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-data-subject encryption keys live in a schema of their own (DESIGN.md section 3), so
 * that privileges and backups can treat them apart from the data they protect.
 */
export class Foundation1795748287976 implements MigrationInterface {
  name = 'Foundation1795748287976';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "keystore"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "keystore"');
  }
}
