import { MigrationInterface, QueryRunner } from 'typeorm';

export class BackgroundExports1796700000003 implements MigrationInterface {
  name = 'BackgroundExports1796700000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "export_files" ("id" uuid NOT NULL, "kind" text NOT NULL, "source_id" uuid NOT NULL, "format" text NOT NULL, "options" jsonb NOT NULL, "requested_by" uuid NOT NULL, "published_only" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT \'queued\', "rows_done" integer NOT NULL DEFAULT \'0\', "rows_total" integer, "file_name" text, "content_type" text, "byte_size" bigint, "part_count" integer NOT NULL DEFAULT \'0\', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "export_files_status_check" CHECK (status IN (\'queued\', \'running\', \'ready\', \'failed\', \'expired\')), CONSTRAINT "export_files_kind_check" CHECK (kind IN (\'report\', \'responses\')), CONSTRAINT "PK_70362041a70b0d97b754d541172" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "export_files_expiry_idx" ON "export_files"  ("expires_at") ');
    await queryRunner.query('CREATE INDEX "export_files_owner_idx" ON "export_files"  ("requested_by", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "export_parts" ("export_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_93ba74ba8b528752c1848dea800" PRIMARY KEY ("export_id", "seq"))',
    );
    await queryRunner.query(
      'ALTER TABLE "export_parts" ADD CONSTRAINT "FK_7ad724ae8b1a731065436e9cf6b" FOREIGN KEY ("export_id") REFERENCES "export_files"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "export_parts" DROP CONSTRAINT "FK_7ad724ae8b1a731065436e9cf6b"');
    await queryRunner.query('DROP TABLE "export_parts"');
    await queryRunner.query('DROP INDEX "public"."export_files_owner_idx"');
    await queryRunner.query('DROP INDEX "public"."export_files_expiry_idx"');
    await queryRunner.query('DROP TABLE "export_files"');
  }
}
