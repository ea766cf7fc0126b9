import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createMediumTest, type MediumTest } from '../../test/utils/medium';
import { jobProbe, JobProbeModule, RECORD_TASK, TICK_TASK, TickScheduleModule } from '../../test/utils/job-probe';
import { JobQueue } from './job-queue';
import { waitUntil } from './wait-until';

/**
 * The job queue on a real database: a job exists exactly when the transaction that added it
 * commits, and a schedule runs once per tick however many processes run jobs.
 */
describe('JobQueue', () => {
  let first: MediumTest;
  let second: MediumTest;

  beforeAll(async () => {
    first = await createMediumTest({ imports: [JobProbeModule, TickScheduleModule] });
    second = await createMediumTest({ replicaOf: first, imports: [JobProbeModule, TickScheduleModule] });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const jobsOf = async (task: string) =>
    (
      await first.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = $1',
        [task],
      )
    )[0].n;

  it('runs a job added in a transaction that commits, and never one whose transaction rolled back', async () => {
    const queue = first.get(JobQueue);
    const dataSource = first.get(DataSource);
    await expect(
      dataSource.transaction(async (tx) => {
        await queue.enqueue(tx, { task: RECORD_TASK, payload: { n: 'rolled-back' } });
        throw new Error('the data that asked for the job was refused');
      }),
    ).rejects.toThrow('refused');
    await dataSource.transaction((tx) => queue.enqueue(tx, { task: RECORD_TASK, payload: { n: 'committed' } }));
    await waitUntil(async () => jobProbe.recorded.includes('committed'));
    await waitUntil(async () => (await jobsOf(RECORD_TASK)) === 0);
    // Both workers were idle and listening: a rolled-back job would have run by now.
    await sleep(1500);
    expect(jobProbe.recorded).toEqual(['committed']);
  });

  it('releases at once the jobs a killed worker process held', async () => {
    // A job locked a minute ago by a worker pool whose process has no session left.
    const [{ id }] = await first.query<{ id: string }>(
      `SELECT id FROM graphile_worker.add_job($1, '{"n":"orphan"}'::json, run_at => now() + interval '1 hour')`,
      [RECORD_TASK],
    );
    await first.query(
      `UPDATE graphile_worker._private_jobs SET locked_by = 'pool-000000000000000000', locked_at = now() - interval '1 minute'
        WHERE id = $1`,
      [id],
    );
    expect(await first.get(JobQueue).releaseJobsOfGoneWorkers()).toEqual(['pool-000000000000000000']);
    const [job] = await first.query<{ locked_by: string | null }>(
      'SELECT locked_by FROM graphile_worker.jobs WHERE task_identifier = $1',
      [RECORD_TASK],
    );
    expect(job.locked_by).toBeNull();
    // The workers of live processes keep theirs.
    expect(await second.get(JobQueue).releaseJobsOfGoneWorkers()).toEqual([]);
    await first.query('DELETE FROM graphile_worker._private_jobs');
  });

  it('runs a schedule once per tick while two processes run jobs', async () => {
    jobProbe.ticks.length = 0;
    // The next minute boundary, and a little more for the job to run.
    const nextMinute = Math.ceil((Date.now() + 1) / 60_000) * 60_000;
    await sleep(nextMinute - Date.now() + 4000);
    await waitUntil(async () => jobProbe.ticks.length > 0 && (await jobsOf(TICK_TASK)) === 0, { timeoutMs: 20_000 });
    await sleep(1000);
    expect(jobProbe.ticks.length).toBe(1);
    expect(new Date(jobProbe.ticks[0]).getTime()).toBe(nextMinute);
  }, 90_000);
});
