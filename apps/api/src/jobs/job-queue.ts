import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  Logger as WorkerLogger,
  parseCronItems,
  run,
  Runner,
  type JobHelpers,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import { EventEmitter } from 'node:events';
import { Client, Pool } from 'pg';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { ROOT_LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JOB_QUEUE_SCHEMA } from '../database/data-source';
import { JobSpec, JobsRepository, livenessName } from './jobs.repository';

/** What a handler knows of the job it runs. */
export interface JobContext {
  jobId: string;
  /** This attempt's number, from 1. */
  attempt: number;
  maxAttempts: number;
  /** True on the last attempt: a handler that fails now leaves the job in the dead-letter list. */
  lastAttempt: boolean;
  /** True once this process began to stop: a long job stops at its next safe point (throw JobInterrupted). */
  readonly stopping: boolean;
}

export type JobPayload = Record<string, unknown>;
export type JobHandler = (payload: JobPayload, job: JobContext) => Promise<void>;

/**
 * A failure whose message names no personal value: kept as the job's last error. Any other
 * error is recorded by its name and code only (drivers and servers quote values in messages).
 */
export class JobError extends Error {
  override name = 'JobError';
}

/** Thrown by a long job at a safe point when the process stops; the job runs again elsewhere. */
export class JobInterrupted extends JobError {
  constructor() {
    super('interrupted: the worker stopped; the job resumes');
  }
}

/** The last error a job keeps: its own safe message, or the error's name and code. */
export function safeJobError(error: unknown): string {
  if (error instanceof JobError) return error.message;
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? `${error.name} ${code}` : error.name;
}

/** How often the jobs of killed worker processes are looked for (besides at each worker's start). */
const RELEASE_GONE_WORKERS_CRON = '* * * * *';
export const RELEASE_GONE_WORKERS_TASK = 'jobs.release_gone_workers';

/**
 * The job queue (graphile-worker, on this application's PostgreSQL). Modules register the
 * handlers of their tasks and their periodic schedules at module init; jobs are added in the
 * transaction of the data that asks for them (`enqueue`). A process with ROLE worker or all runs
 * them: one graphile-worker pool of `concurrency` workers, whose id a session of this process
 * carries while it lives, so that the jobs of a process that was killed are released by the next
 * sweep (see JobsRepository.releaseJobsOfGoneWorkers) instead of after graphile-worker's 4-hour
 * lock expiry. Schedules run once per cluster (graphile-worker's crontab keeps one job per tick).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly schedules: { task: string; pattern: string }[] = [];
  private runner: Runner | null = null;
  private poolId: string | null = null;
  private pool: Pool | null = null;
  private liveness: Client | null = null;
  private stopped = false;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly jobs: JobsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'jobs' });
    this.register(RELEASE_GONE_WORKERS_TASK, async () => {
      await this.releaseJobsOfGoneWorkers();
    });
    this.schedule(RELEASE_GONE_WORKERS_TASK, RELEASE_GONE_WORKERS_CRON);
  }

  /** Handles the jobs of `task` (at module init, before the runners start). */
  register(task: string, handler: JobHandler): void {
    if (this.handlers.has(task)) throw new Error(`The job task ${task} has two handlers.`);
    this.handlers.set(task, handler);
  }

  /** Runs `task` on a crontab `pattern` (UTC), once per tick for the whole cluster. */
  schedule(task: string, pattern: string): void {
    this.schedules.push({ task, pattern });
  }

  /** Adds a job in `tx`: it runs once `tx` has committed, never if it rolls back. */
  enqueue(tx: EntityManager, spec: JobSpec): Promise<string> {
    return this.jobs.add(tx, spec);
  }

  /** Whether this process runs jobs (ROLE worker or all, with a database). */
  get running(): boolean {
    return this.runner !== null;
  }

  /** True once this process began to stop. */
  get stopping(): boolean {
    return this.stopped;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.runsJobs || !this.jobs.connected || this.stopped) return;
    this.starting = this.start();
    await this.starting;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private async start(): Promise<void> {
    const url = this.config.databaseUrl!;
    // A session named for this process's worker pool, open as long as it lives: the mark that
    // the jobs the pool holds are being worked on.
    this.liveness = new Client({ connectionString: url, application_name: 'survey-jobs starting' });
    this.liveness.on('error', (error) => this.logger.warn({ err: { type: error.name } }, 'job liveness session lost'));
    await this.liveness.connect();
    await this.releaseJobsOfGoneWorkers();
    const concurrency = this.config.jobs.concurrency;
    this.pool = new Pool({ connectionString: url, max: concurrency + 3, application_name: 'survey-jobs' });
    const lost = (error: Error) => this.logger.warn({ err: { type: error.name } }, 'job queue connection failed');
    this.pool.on('error', lost);
    this.pool.on('connect', (client) => client.on('error', lost));
    const events = new EventEmitter() as WorkerEvents;
    const named = new Promise<void>((resolve, reject) => {
      events.on('pool:create', ({ workerPool }) => {
        this.poolId = workerPool.id;
        this.liveness!.query('SELECT set_config($1, $2, false)', [
          'application_name',
          livenessName(workerPool.id),
        ]).then(() => resolve(), reject);
      });
    });
    this.runner = await run({
      pgPool: this.pool,
      schema: JOB_QUEUE_SCHEMA,
      taskList: this.taskList(),
      concurrency,
      noHandleSignals: true,
      pollInterval: 1000,
      // Long jobs look at `stopping` between batches; the abort signal is not used.
      gracefulShutdownAbortTimeout: 60_000,
      logger: this.workerLogger(),
      events,
      // graphile-worker keeps one job per tick in the whole cluster.
      parsedCronItems: parseCronItems(
        this.schedules.map(({ task, pattern }) => ({ task, match: pattern, identifier: task })),
      ),
    });
    await named;
    this.logger.info({ concurrency, tasks: [...this.handlers.keys()] }, 'job runners started');
  }

  /**
   * Stops taking jobs, lets running jobs reach their next safe point (long jobs check
   * `stopping` between batches and are run again), waits until their outcome is recorded, then
   * closes the queue's connections. Idempotent.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    const runner = this.runner;
    this.runner = null;
    await runner?.stop().catch(() => undefined);
    // graphile-worker records a job's outcome just after the job returns: let it land.
    if (this.poolId) {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await this.jobs.heldBy(this.poolId).catch(() => 0)) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
    await this.liveness?.end().catch(() => undefined);
    this.liveness = null;
  }

  /** Releases the jobs held by worker processes that are gone; returns their worker ids. */
  async releaseJobsOfGoneWorkers(): Promise<string[]> {
    const gone = await this.jobs.releaseJobsOfGoneWorkers();
    if (gone.length > 0) this.logger.warn({ workers: gone }, 'jobs of stopped worker processes released');
    return gone;
  }

  private taskList(): TaskList {
    const list: TaskList = {};
    for (const [task, handler] of this.handlers) {
      list[task] = async (payload: unknown, helpers: JobHelpers) => {
        const { job } = helpers;
        const isStopping = () => this.stopped;
        const context: JobContext = {
          jobId: job.id,
          attempt: job.attempts,
          maxAttempts: job.max_attempts,
          lastAttempt: job.attempts >= job.max_attempts,
          get stopping() {
            return isStopping();
          },
        };
        try {
          await handler((payload ?? {}) as JobPayload, context);
        } catch (error) {
          const message = safeJobError(error);
          this.logger.warn({ jobId: job.id, task, attempt: job.attempts, error: message }, 'job failed');
          throw new JobError(message);
        }
      };
    }
    return list;
  }

  /** graphile-worker's log lines, through this application's logger (its own messages only). */
  private workerLogger(): WorkerLogger {
    return new WorkerLogger(() => (level, message) => {
      if (level === 'error') this.logger.error({ queue: message }, 'job queue error');
      else if (level === 'warning') this.logger.warn({ queue: message }, 'job queue warning');
      else this.logger.debug({ queue: message }, 'job queue');
    });
  }
}
