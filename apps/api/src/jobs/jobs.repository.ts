import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** How a job is queued: `graphile_worker.add_job`'s options. */
export interface JobSpec {
  task: string;
  /** Ids and counts only: never a personal value (the queue's rows are not encrypted). */
  payload: Record<string, string | number | boolean | null>;
  /** Jobs of one named queue run one at a time, across the cluster. */
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** A pending job with this key is replaced (or, with `preserve_run_at`, kept) rather than doubled. */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at';
}

/** A job that used all its attempts (the dead-letter list). */
export interface FailedJobRow {
  id: string;
  task_identifier: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** How graphile-worker names a worker pool, which is what locks the jobs it runs. */
export const WORKER_POOL_ID_PATTERN = '^pool-[0-9a-f]{18}$';

/** The session name (application_name) a worker process keeps open while its pool lives. */
export function livenessName(poolId: string): string {
  return `survey-jobs ${poolId}`;
}

/**
 * A lock younger than this is never taken for abandoned: the pool's process names its session
 * just after the pool starts.
 */
const RELEASE_GRACE = '30 seconds';

/**
 * The job queue's schema (`graphile_worker`, installed by graphile-worker's own migrations at
 * start-up): jobs are added in the caller's transaction, so a job exists exactly when the data
 * that asks for it was committed. Everything else graphile-worker does itself.
 */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Adds a job in `tx`: it is visible to workers once, and only if, `tx` commits. */
  async add(tx: EntityManager, spec: JobSpec): Promise<string> {
    const [job]: { id: string }[] = await tx.query(
      `SELECT id::text FROM graphile_worker.add_job($1, $2::json, queue_name => $3, run_at => $4,
              max_attempts => $5, job_key => $6, job_key_mode => coalesce($7, 'replace'))`,
      [
        spec.task,
        JSON.stringify(spec.payload),
        spec.queueName ?? null,
        spec.runAt ?? null,
        spec.maxAttempts ?? null,
        spec.jobKey ?? null,
        spec.jobKeyMode ?? null,
      ],
    );
    return job.id;
  }

  /** Jobs that used all their attempts and are not running, latest failure first. */
  async failedPage(query: { offset: number; limit: number }): Promise<[FailedJobRow[], number]> {
    const where = 'attempts >= max_attempts AND locked_at IS NULL';
    const rows: FailedJobRow[] = await this.dataSource.query(
      `SELECT id::text, task_identifier, attempts, max_attempts, last_error, created_at, updated_at
         FROM graphile_worker.jobs WHERE ${where} ORDER BY updated_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [query.limit, query.offset],
    );
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM graphile_worker.jobs WHERE ${where}`,
    );
    return [rows, total];
  }

  /** Gives a failed job its attempts back and runs it now; false unless `id` is a failed job. */
  async retryFailed(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT id FROM graphile_worker.reschedule_jobs(
          ARRAY(SELECT id FROM graphile_worker.jobs
                 WHERE id = $1::bigint AND attempts >= max_attempts AND locked_at IS NULL),
          run_at => now(), attempts => 0)`,
      [id],
    );
    return rows.length === 1;
  }

  /**
   * Releases the jobs of worker processes that are gone (killed, crashed): a live process keeps a
   * session named for its worker pool, so a pool with no session left holds its jobs for
   * nobody. They run again at once instead of after graphile-worker's 4-hour lock expiry.
   * Returns the pool ids released.
   */
  async releaseJobsOfGoneWorkers(): Promise<string[]> {
    const rows: { locked_by: string }[] = await this.dataSource.query(
      `SELECT DISTINCT w.locked_by FROM (
          SELECT locked_by, locked_at FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
          UNION SELECT locked_by, locked_at FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL) w
        WHERE w.locked_by ~ $1 AND w.locked_at < now() - $2::interval
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = 'survey-jobs ' || w.locked_by)`,
      [WORKER_POOL_ID_PATTERN, RELEASE_GRACE],
    );
    const gone = rows.map((row) => row.locked_by);
    if (gone.length > 0) await this.dataSource.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [gone]);
    return gone;
  }

  /** How many jobs the worker pool `poolId` holds. */
  async heldBy(poolId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by = $1',
      [poolId],
    );
    return n;
  }

  /** The number of jobs of `task` not yet done (waiting, running or failed); for tests and health. */
  async pendingCount(task: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = $1',
      [task],
    );
    return n;
  }
}
