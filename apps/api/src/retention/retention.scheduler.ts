import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

export const RETENTION_CRON_JOB = 'retention-daily';

/**
 * The daily run (@nestjs/schedule). Every replica schedules it; the advisory lock taken by
 * RetentionService lets one of them run it, and a replica whose clock fires a little later
 * skips a day already done. Off when RETENTION_SCHEDULE is false (the default in tests).
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;

  constructor(
    private readonly runs: RetentionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly retention: RetentionService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'retention' });
  }

  onApplicationBootstrap(): void {
    if (!this.config.retention.scheduleEnabled || !this.runs.databaseReady) return;
    const job = CronJob.from({
      cronTime: `0 0 ${this.config.retention.runHourUtc} * * *`,
      timeZone: 'UTC',
      onTick: async () => {
        await this.tick();
      },
      start: true,
    });
    this.scheduler.addCronJob(RETENTION_CRON_JOB, job);
  }

  beforeApplicationShutdown(): void {
    if (this.scheduler.doesExist('cron', RETENTION_CRON_JOB)) this.scheduler.deleteCronJob(RETENTION_CRON_JOB);
  }

  /** One daily tick: runs the purge unless another replica is running it or just did. */
  async tick(): Promise<string | null> {
    try {
      const run = await this.retention.startScheduled();
      if (!run) {
        this.logger.info('retention run skipped: another replica is running it or has just run it');
        return null;
      }
      await this.retention.settled(run.id);
      return run.id;
    } catch (error) {
      this.logger.error(
        { err: { type: error instanceof Error ? error.name : 'Error' } },
        'retention run failed to start',
      );
      return null;
    }
  }
}
