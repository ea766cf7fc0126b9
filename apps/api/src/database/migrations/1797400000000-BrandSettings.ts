import { MigrationInterface, QueryRunner } from 'typeorm';

export class BrandSettings1797400000000 implements MigrationInterface {
  name = 'BrandSettings1797400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "brand_settings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid, "organisation_default" boolean, "primary_color" text, "title" jsonb, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "brand_settings_default_key" UNIQUE ("organisation_default"), CONSTRAINT "brand_settings_survey_key" UNIQUE ("survey_id"), CONSTRAINT "brand_settings_primary_color_check" CHECK (primary_color ~ \'^#[0-9a-f]{6}$\'), CONSTRAINT "brand_settings_scope_check" CHECK ((survey_id IS NULL AND organisation_default) OR (survey_id IS NOT NULL AND organisation_default IS NULL)), CONSTRAINT "PK_eeb7685c6db0fdeaa680dfec027" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "brand_logos" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "settings_id" uuid NOT NULL, "media_type" text NOT NULL, "content" bytea NOT NULL, "sha256" text NOT NULL, "byte_size" integer NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_2a925869bd68a07403d4751be3" UNIQUE ("settings_id"), CONSTRAINT "brand_logos_media_type_check" CHECK (media_type IN (\'image/png\', \'image/jpeg\', \'image/webp\')), CONSTRAINT "PK_af96325e9de5a3fcbe4b44a97c5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "brand_settings" ADD CONSTRAINT "FK_aadc57edb1784b7d44963ac6711" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "brand_logos" ADD CONSTRAINT "FK_2a925869bd68a07403d4751be3a" FOREIGN KEY ("settings_id") REFERENCES "brand_settings"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "brand_logos" DROP CONSTRAINT "FK_2a925869bd68a07403d4751be3a"');
    await queryRunner.query('ALTER TABLE "brand_settings" DROP CONSTRAINT "FK_aadc57edb1784b7d44963ac6711"');
    await queryRunner.query('DROP TABLE "brand_logos"');
    await queryRunner.query('DROP TABLE "brand_settings"');
  }
}
