import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The publication ledger also records which number, date and expression summaries a report
 * showed, with how many had answered each, so that later reports can be checked against them.
 * Entries made before showed none.
 */
export class LedgerMeasures1797640000000 implements MigrationInterface {
  name = 'LedgerMeasures1797640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "publication_ledger" ADD "measures" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "publication_ledger" DROP COLUMN "measures"');
  }
}
