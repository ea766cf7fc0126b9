import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The schema graphile-worker keeps its jobs in (its default). */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

export interface TaskQueueFigures {
  task: string;
  /** Due and waiting for a worker. */
  ready: number;
  /** Waiting for their run_at (including retries after back-off). */
  scheduled: number;
  running: number;
  /** Out of attempts: the dead letters an administrator has to look at. */
  failed: number;
  /** Still to be retried after at least one failed attempt. */
  retrying: number;
  /** Age of the oldest due job not yet taken, in seconds (0 when none waits). */
  oldestReadySeconds: number;
}

/** What the job queue holds, read for the metrics; the queue itself belongs to graphile-worker. */
@Injectable()
export class JobQueueMetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Per task, or null when the queue's schema is not installed (yet). */
  async figures(): Promise<TaskQueueFigures[] | null> {
    if (!this.dataSource.isInitialized) return null;
    const [{ installed }] = await this.dataSource.query<{ installed: boolean }[]>(
      `SELECT to_regclass($1) IS NOT NULL AS installed`,
      [`${JOB_QUEUE_SCHEMA}.jobs`],
    );
    if (!installed) return null;
    const rows = await this.dataSource.query<Record<keyof TaskQueueFigures, string>[]>(
      `SELECT task_identifier AS task,
              count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at <= now()) AS ready,
              count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at > now()) AS scheduled,
              count(*) FILTER (WHERE locked_at IS NOT NULL) AS running,
              count(*) FILTER (WHERE locked_at IS NULL AND attempts >= max_attempts) AS failed,
              count(*) FILTER (WHERE attempts > 0 AND attempts < max_attempts) AS retrying,
              coalesce(extract(epoch FROM now() - min(run_at) FILTER (
                WHERE locked_at IS NULL AND attempts < max_attempts AND run_at <= now())), 0) AS "oldestReadySeconds"
         FROM ${JOB_QUEUE_SCHEMA}.jobs
        GROUP BY task_identifier`,
    );
    return rows.map((row) => ({
      task: row.task,
      ready: Number(row.ready),
      scheduled: Number(row.scheduled),
      running: Number(row.running),
      failed: Number(row.failed),
      retrying: Number(row.retrying),
      oldestReadySeconds: Number(row.oldestReadySeconds),
    }));
  }
}
