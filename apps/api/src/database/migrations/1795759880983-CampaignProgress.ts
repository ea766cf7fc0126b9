import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignProgress1795759880983 implements MigrationInterface {
  name = 'CampaignProgress1795759880983';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "campaigns" ADD "status" text NOT NULL DEFAULT \'inviting\'');
    await queryRunner.query('ALTER TABLE "campaigns" ADD "target_count" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "campaigns" ADD "finished_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      "ALTER TABLE \"campaigns\" ADD CONSTRAINT \"campaigns_status_check\" CHECK (status IN ('inviting', 'completed', 'stopped'))",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "campaigns" DROP CONSTRAINT "campaigns_status_check"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "finished_at"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "target_count"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "status"');
  }
}
