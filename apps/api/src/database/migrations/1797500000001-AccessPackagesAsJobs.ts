import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access packages are made by a job and stored as files of the exports module (JSON and a page,
 * each encrypted under a key of its own): a produced file has no staff owner, and a package's row
 * has no token or expiry until its link is mailed. Packages made before keep their ciphertext.
 */
export class AccessPackagesAsJobs1797500000001 implements MigrationInterface {
  name = 'AccessPackagesAsJobs1797500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "export_files" DROP CONSTRAINT "export_files_kind_check"');
    await queryRunner.query(
      `ALTER TABLE "export_files" ADD CONSTRAINT "export_files_kind_check" CHECK (kind IN ('report', 'responses', 'access-package'))`,
    );
    await queryRunner.query('ALTER TABLE "export_files" ALTER COLUMN "requested_by" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ALTER COLUMN "token_hash" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ALTER COLUMN "package_ciphertext" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ALTER COLUMN "expires_at" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ADD "json_file_id" uuid');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ADD "html_file_id" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Packages made as jobs cannot be kept by the earlier schema: their keys and files go.
    await queryRunner.query(
      `DELETE FROM keystore.subject_keys WHERE subject_id IN (SELECT id FROM export_files WHERE kind = 'access-package')`,
    );
    await queryRunner.query(`DELETE FROM export_files WHERE kind = 'access-package'`);
    await queryRunner.query('DELETE FROM privacy_request_downloads WHERE package_ciphertext IS NULL');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" DROP COLUMN "html_file_id"');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" DROP COLUMN "json_file_id"');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ALTER COLUMN "expires_at" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ALTER COLUMN "package_ciphertext" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "privacy_request_downloads" ALTER COLUMN "token_hash" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "export_files" ALTER COLUMN "requested_by" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "export_files" DROP CONSTRAINT "export_files_kind_check"');
    await queryRunner.query(
      `ALTER TABLE "export_files" ADD CONSTRAINT "export_files_kind_check" CHECK (kind IN ('report', 'responses'))`,
    );
  }
}
