import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../src/jobs/job-queue';

/** Test-only tasks on the real queue; what they did is recorded here (one process, shared by replicas). */
export const jobProbe = {
  /** `test.record`: the `n` of each run. */
  recorded: [] as string[],
  /** `test.tick`: the tick (`_cron.ts`) of each scheduled run. */
  ticks: [] as string[],
  /** `test.fail`: how often it ran. */
  failures: 0,
  /** `test.flaky`: fails while this is true, succeeds once it is not (a cause fixed, then retried). */
  flakyFailing: true,
  /** `test.flaky`: the `n` of each successful run. */
  flakyDone: [] as string[],
};

export const RECORD_TASK = 'test.record';
export const FAIL_TASK = 'test.fail';
export const TICK_TASK = 'test.tick';
export const FLAKY_TASK = 'test.flaky';

@Injectable()
class JobProbeTasks implements OnModuleInit {
  constructor(private readonly jobs: JobQueue) {}

  onModuleInit(): void {
    this.jobs.register(RECORD_TASK, async (payload) => {
      jobProbe.recorded.push(String(payload.n));
    });
    // Fails with a message that quotes a personal value, as drivers and servers often do.
    this.jobs.register(FAIL_TASK, async () => {
      jobProbe.failures++;
      throw new Error('could not reach jane.doe@example.org');
    });
    this.jobs.register(FLAKY_TASK, async (payload) => {
      if (jobProbe.flakyFailing) throw new Error('the cause is not fixed yet');
      jobProbe.flakyDone.push(String(payload.n));
    });
    this.jobs.register(TICK_TASK, async (payload) => {
      jobProbe.ticks.push(String((payload._cron as { ts?: string } | undefined)?.ts));
    });
  }
}

/** Registers the probe tasks; with `schedule`, `test.tick` runs every minute (once per cluster). */
@Module({ providers: [JobProbeTasks] })
export class JobProbeModule {}

@Injectable()
class TickSchedule implements OnModuleInit {
  constructor(private readonly jobs: JobQueue) {}

  onModuleInit(): void {
    this.jobs.schedule(TICK_TASK, '* * * * *');
  }
}

@Module({ providers: [TickSchedule] })
export class TickScheduleModule {}
