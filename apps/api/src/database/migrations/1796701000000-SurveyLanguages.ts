import { MigrationInterface, QueryRunner } from 'typeorm';

export class SurveyLanguages1796701000000 implements MigrationInterface {
  name = 'SurveyLanguages1796701000000';

  // Existing surveys and versions keep what they had: all six languages, English by default.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "surveys" ADD "languages" text array NOT NULL DEFAULT \'{en,fr,es,ar,zh,ru}\'::text[]',
    );
    await queryRunner.query('ALTER TABLE "surveys" ADD "default_language" text NOT NULL DEFAULT \'en\'');
    await queryRunner.query(
      'ALTER TABLE "questionnaire_versions" ADD "languages" text array NOT NULL DEFAULT \'{en,fr,es,ar,zh,ru}\'::text[]',
    );
    await queryRunner.query('ALTER TABLE "questionnaire_versions" ADD "default_language" text NOT NULL DEFAULT \'en\'');
    await queryRunner.query(
      'ALTER TABLE "surveys" ADD CONSTRAINT "surveys_languages_check" CHECK (cardinality(languages) >= 1 AND languages <@ \'{en,fr,es,ar,zh,ru}\'::text[] AND default_language = ANY (languages))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "surveys" DROP CONSTRAINT "surveys_languages_check"');
    await queryRunner.query('ALTER TABLE "questionnaire_versions" DROP COLUMN "default_language"');
    await queryRunner.query('ALTER TABLE "questionnaire_versions" DROP COLUMN "languages"');
    await queryRunner.query('ALTER TABLE "surveys" DROP COLUMN "default_language"');
    await queryRunner.query('ALTER TABLE "surveys" DROP COLUMN "languages"');
  }
}
