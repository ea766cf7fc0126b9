import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import { RetentionService } from './retention.service';

/** The daily job's task on the queue. */
export const RETENTION_DAILY_TASK = 'retention.daily';

/** The crontab line (UTC) of the daily run at `hour`. */
export function retentionCrontab(hour: number): string {
  return `0 ${hour} * * *`;
}

/**
 * The daily run, on the job queue's crontab: graphile-worker adds one job per day for the whole
 * cluster, however many workers run; it starts a run unless one is in progress or a scheduled
 * run started within the last 12 hours. Off when RETENTION_SCHEDULE is false (the default in tests).
 */
@Injectable()
export class RetentionScheduler implements OnModuleInit {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly retention: RetentionService,
    private readonly jobs: JobQueue,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'retention' });
  }

  onModuleInit(): void {
    this.jobs.register(RETENTION_DAILY_TASK, async () => {
      await this.tick();
    });
    if (this.config.retention.scheduleEnabled) {
      this.jobs.schedule(RETENTION_DAILY_TASK, retentionCrontab(this.config.retention.runHourUtc));
    }
  }

  /** One daily tick: starts the run (a job of its own) unless one is in progress or just ran. */
  async tick(): Promise<string | null> {
    const run = await this.retention.startScheduled();
    if (!run) {
      this.logger.info('retention run skipped: a run is in progress or a scheduled one has just run');
      return null;
    }
    return run.id;
  }
}
