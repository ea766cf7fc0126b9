import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports run on the job queue: the staged upload moves from the receiving server's disk into
 * the database (encrypted chunks, the key on the import), so that any worker can run it. Imports
 * that an older server was running in-process cannot be resumed and are marked failed.
 */
export class ImportStagedInDatabase1796700000002 implements MigrationInterface {
  name = 'ImportStagedInDatabase1796700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "contact_import_chunks" ("import_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_cad2b14ef77fac246fd2f86f8ad" PRIMARY KEY ("import_id", "seq"))',
    );
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "ignored_columns" text array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "file_key_wrapped" bytea');
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "file_key_ciphertext" bytea');
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "file_iv" bytea');
    await queryRunner.query('ALTER TABLE "contact_imports" ADD "file_tag" bytea');
    await queryRunner.query(
      `UPDATE contact_imports SET status = 'failed', finished_at = now(), lease_expires_at = NULL,
              failure_reason = 'interrupted: the server stopped during the import'
        WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      'ALTER TABLE "contact_import_chunks" ADD CONSTRAINT "FK_4b9fb7ed64ec4b8119aff4d0316" FOREIGN KEY ("import_id") REFERENCES "contact_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contact_import_chunks" DROP CONSTRAINT "FK_4b9fb7ed64ec4b8119aff4d0316"');
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "file_tag"');
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "file_iv"');
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "file_key_ciphertext"');
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "file_key_wrapped"');
    await queryRunner.query('ALTER TABLE "contact_imports" DROP COLUMN "ignored_columns"');
    await queryRunner.query('DROP TABLE "contact_import_chunks"');
  }
}
