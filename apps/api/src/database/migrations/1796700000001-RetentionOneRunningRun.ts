import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One retention run at a time, by a unique index on running receipts (runs are jobs on the
 * queue now, no longer held by an advisory lock). Receipts left running by a server that ran
 * the purge in-process before the upgrade are marked failed (interrupted), as the next run
 * would have done.
 */
export class RetentionOneRunningRun1796700000001 implements MigrationInterface {
  name = 'RetentionOneRunningRun1796700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE retention_runs SET status = 'failed', finished_at = now(),
              errors = errors || jsonb_build_array(jsonb_build_object('kind', coalesce(current_kind, 'run'), 'error', 'interrupted'))
        WHERE status = 'running'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "retention_runs_one_running_idx" ON "retention_runs" ("status") WHERE status = 'running'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."retention_runs_one_running_idx"');
  }
}
