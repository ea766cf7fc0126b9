import { MigrationInterface, QueryRunner } from 'typeorm';

export class SurveyMailTexts1796701000001 implements MigrationInterface {
  name = 'SurveyMailTexts1796701000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "survey_mail_texts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "version" integer NOT NULL, "texts" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "survey_mail_texts_survey_version_key" UNIQUE ("survey_id", "version"), CONSTRAINT "PK_9d2a1fa4cb374a1926177aafea5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('ALTER TABLE "campaigns" ADD "mail_texts_version" integer');
    await queryRunner.query(
      'ALTER TABLE "survey_mail_texts" ADD CONSTRAINT "FK_f146e2ff9aebaa5e4ba53f063c8" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "survey_mail_texts" DROP CONSTRAINT "FK_f146e2ff9aebaa5e4ba53f063c8"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "mail_texts_version"');
    await queryRunner.query('DROP TABLE "survey_mail_texts"');
  }
}
