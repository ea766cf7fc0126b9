import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logger';
import { JobQueueMetricsRepository, TaskQueueFigures } from './job-queue-metrics.repository';
import { MetricsService } from './metrics.service';

/** One scrape reads the queue once, however many gauges ask. */
const FRESH_MS = 1000;

/**
 * The job queue's depth, oldest waiting job and dead letters, per task, read from
 * graphile-worker's tables at each scrape. Before the queue's schema exists the gauges are empty
 * and `survey_job_queue_installed` is 0; a failed read leaves them empty and is logged.
 */
@Injectable()
export class JobQueueMetrics implements OnModuleInit {
  private cached: { at: number; figures: Promise<TaskQueueFigures[] | null> } | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly metrics: MetricsService,
    private readonly repository: JobQueueMetricsRepository,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'job-queue-metrics' });
  }

  onModuleInit(): void {
    this.metrics.gauge(
      'survey_job_queue_installed',
      'Whether the job queue schema exists (1) or not (0)',
      [],
      async (g) => {
        g.set((await this.figures()) === null ? 0 : 1);
      },
    );
    this.metrics.gauge(
      'survey_job_queue_jobs',
      'Jobs in the queue by task and state: ready (due, waiting for a worker), scheduled (due later, retries ' +
        'included), running, failed (out of attempts: dead letters), retrying (failed at least once, will run again)',
      ['task', 'state'],
      async (g) => {
        g.reset();
        for (const f of (await this.figures()) ?? []) {
          for (const state of ['ready', 'scheduled', 'running', 'failed', 'retrying'] as const) {
            g.set({ task: f.task, state }, f[state]);
          }
        }
      },
    );
    this.metrics.gauge(
      'survey_job_queue_oldest_ready_seconds',
      'Age of the oldest due job no worker has taken yet, by task (0: none waits)',
      ['task'],
      async (g) => {
        g.reset();
        for (const f of (await this.figures()) ?? []) g.set({ task: f.task }, f.oldestReadySeconds);
      },
    );
  }

  private figures(): Promise<TaskQueueFigures[] | null> {
    if (this.cached && Date.now() - this.cached.at < FRESH_MS) return this.cached.figures;
    const figures = this.repository.figures().catch((error: unknown) => {
      this.logger.warn(
        { err: { type: error instanceof Error ? error.name : 'Error' } },
        'job queue figures unreadable',
      );
      return null;
    });
    this.cached = { at: Date.now(), figures };
    return figures;
  }
}
