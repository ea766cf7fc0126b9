import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffMustChangePassword1796700100000 implements MigrationInterface {
  name = 'StaffMustChangePassword1796700100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "staff_users" ADD "must_change_password" boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "staff_users" DROP COLUMN "must_change_password"');
  }
}
