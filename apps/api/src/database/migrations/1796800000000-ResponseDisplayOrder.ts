import { MigrationInterface, QueryRunner } from 'typeorm';

/** Responses keep the order the respondent was shown where the questionnaire randomises it. */
export class ResponseDisplayOrder1796800000000 implements MigrationInterface {
  name = 'ResponseDisplayOrder1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "responses" ADD "display_order" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "responses" DROP COLUMN "display_order"');
  }
}
