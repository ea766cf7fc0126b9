import { Injectable } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { ResponseRollupsRepository } from './response-rollups.repository';

export const ROLLUP_FOLD_TASK = 'ingestion.fold_rollups';
/** Every minute: statistics are exact without it, it only keeps the tail they read short. */
const ROLLUP_FOLD_CRON = '* * * * *';
/** Responses folded per transaction. */
const FOLD_BATCH = 5000;

/** Keeps the statistics rollups of responses folded (see ResponseRollupsRepository). */
@Injectable()
export class ResponseRollupsService {
  constructor(
    private readonly rollups: ResponseRollupsRepository,
    jobs: JobQueue,
  ) {
    jobs.register(ROLLUP_FOLD_TASK, async () => {
      await this.foldAll();
    });
    jobs.schedule(ROLLUP_FOLD_TASK, ROLLUP_FOLD_CRON);
  }

  /** Folds every pending response that has committed; returns how many. */
  async foldAll(batch = FOLD_BATCH): Promise<number> {
    let total = 0;
    for (const surveyId of await this.rollups.surveysWithPending()) {
      for (;;) {
        const folded = await this.rollups.fold(surveyId, batch);
        total += folded;
        if (folded < batch) break;
      }
    }
    return total;
  }

  /** How many responses statistics read one by one until the next fold. */
  pendingCount(): Promise<number> {
    return this.rollups.pendingCount();
  }
}
