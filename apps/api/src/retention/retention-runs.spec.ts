import { StaffRole } from '../auth/roles';
import { ProblemType } from '../common/problem-types';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { newStaffUser, surveyWithInvitations } from '../../test/utils/factories';
import { probe, PROBE_TABLE_DDL, ProbeRetentionModule, resetProbe } from '../../test/utils/retention-probe';
import { RetentionRunStatus, RetentionRunTrigger } from './retention-run.entity';
import { JobQueue } from '../jobs/job-queue';
import { RetentionScheduler } from './retention.scheduler';
import { RetentionService } from './retention.service';

const PROBE_ROWS = 250;
const BATCH = 100;

/**
 * A run that fails half-way is finished by the next one, a run whose worker stops is resumed by
 * another under the same receipt, and one run happens at a time (a job on the queue; a unique
 * index on running receipts). Replicas share one database here, each running jobs.
 */
describe('RetentionService: failures, crashes and replicas', () => {
  let first: MediumTest;
  let second: MediumTest;
  let third: MediumTest | undefined;
  let officer: string;
  const T0 = new Date();

  const setNow = (at: Date) => [first, second].forEach((replica) => replica.clock.set(at));
  const count = async (table: string) =>
    (await first.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const receipt = (id: string) => first.get(RetentionService).get(id);
  const start = (replica: MediumTest) => replica.get(RetentionService).start(RetentionRunTrigger.Manual, officer);
  const fillProbe = () => first.query('INSERT INTO retention_probe SELECT FROM generate_series(1, $1)', [PROBE_ROWS]);
  /** Releases the gate of a test that failed before it did, so that the replicas can close. */
  let releaseGate = () => {};
  const gateProbe = () => {
    let release!: () => void;
    probe.gate = new Promise<void>((resolve) => (release = resolve));
    releaseGate = () => release();
    const reached = new Promise<void>((resolve) => (probe.reachedGate = resolve));
    return { release: () => release(), reached };
  };

  /** Everything due again: contacts invited at T0 and the probe's rows, with the clock 25 months on. */
  async function seed(): Promise<void> {
    setNow(T0);
    await fillProbe();
    await surveyWithInvitations(first, { contacts: 4 });
    setNow(new Date(T0.getTime() + 25 * 31 * 24 * 3600 * 1000));
  }

  beforeAll(async () => {
    const env = { RETENTION_BATCH_SIZE: String(BATCH) };
    first = await createMediumTest({ now: T0, env, imports: [ProbeRetentionModule] });
    second = await createMediumTest({
      now: T0,
      replicaOf: first,
      env: { ...env, RETENTION_SCHEDULE: 'true', RETENTION_RUN_HOUR: '5' },
      imports: [ProbeRetentionModule],
    });
    await first.query(PROBE_TABLE_DDL);
    officer = (await newStaffUser(first, { role: StaffRole.PrivacyOfficer })).id;
  });

  afterEach(() => releaseGate());

  afterAll(async () => {
    await third?.close();
    await second?.close();
    await first?.close();
  });

  beforeEach(() => {
    resetProbe();
  });

  it('records a target that fails half-way as a failed run, and the next run finishes the work', async () => {
    await seed();
    expect(await count('contacts')).toBeGreaterThan(0);
    probe.failOnCall = 2;
    const failed = await start(first);
    await first.get(RetentionService).settled(failed.id);
    const failedReceipt = await receipt(failed.id);
    expect(failedReceipt).toMatchObject({
      status: RetentionRunStatus.Failed,
      currentKind: null,
      errors: [{ kind: 'test_probe', error: 'Error' }],
    });
    // The kinds before it ran to the end; the probe stopped after its first batch.
    expect(failedReceipt.counts.test_probe).toBe(BATCH);
    expect(failedReceipt.counts.contacts).toBeGreaterThan(0);
    expect(await count('retention_probe')).toBe(PROBE_ROWS - BATCH);
    expect(await count('contacts')).toBe(0);
    const failedEvents = await first.query<{ action: string; details: { failedKinds: string[] } }>(
      'SELECT action, details FROM audit_events WHERE resource_id = $1 ORDER BY seq',
      [failed.id],
    );
    expect(failedEvents.map((e) => e.action)).toEqual(['retention.run_started', 'retention.run_failed']);
    expect(failedEvents[1].details.failedKinds).toEqual(['test_probe']);

    const resumed = await start(first);
    await first.get(RetentionService).settled(resumed.id);
    expect(await receipt(resumed.id)).toMatchObject({
      status: RetentionRunStatus.Completed,
      errors: [],
      counts: { test_probe: PROBE_ROWS - BATCH },
    });
    expect(await count('retention_probe')).toBe(0);
    expect((await receipt(failed.id)).status).toBe(RetentionRunStatus.Failed);
    const preview = await first.get(RetentionService).preview(0);
    expect(preview.counts.filter((c) => c.count > 0)).toEqual([]);
  });

  it('lets one replica run at a time: the others are refused as in progress and their daily job skips', async () => {
    await fillProbe();
    const gate = gateProbe();
    const running = await start(first);
    await gate.reached;

    for (const replica of [second, first]) {
      expect(await refusalOf(start(replica))).toMatchObject({
        status: 409,
        type: ProblemType.RetentionRunInProgress,
      });
    }
    expect(await second.get(RetentionScheduler).tick()).toBeNull();
    expect(await receipt(running.id)).toMatchObject({
      status: RetentionRunStatus.Running,
      currentKind: 'test_probe',
      finishedAt: null,
    });

    gate.release();
    await first.get(RetentionService).settled(running.id);
    expect((await receipt(running.id)).status).toBe(RetentionRunStatus.Completed);
    expect(await count('retention_probe')).toBe(0);
    const next = await start(second);
    await second.get(RetentionService).settled(next.id);
    expect((await receipt(next.id)).status).toBe(RetentionRunStatus.Completed);
  });

  it('resumes a run whose workers stopped between batches, under the same receipt, on another worker', async () => {
    await seed();
    const gate = gateProbe();
    const run = await start(first);
    await gate.reached;
    // Both replicas stop running jobs while the run waits inside a batch: it stops after that batch.
    const stopped = Promise.all([first.get(JobQueue).stop(), second.get(JobQueue).stop()]);
    gate.release();
    await stopped;
    const interrupted = await receipt(run.id);
    expect(interrupted).toMatchObject({ status: RetentionRunStatus.Running, currentKind: 'test_probe' });
    expect(interrupted.counts.test_probe).toBe(BATCH);
    // A new worker takes the job over once its retry is due, and finishes it.
    third = await createMediumTest({
      now: first.clock.now(),
      replicaOf: first,
      env: { RETENTION_BATCH_SIZE: String(BATCH) },
      imports: [ProbeRetentionModule],
    });
    await third.get(RetentionService).settled(run.id);
    expect(await receipt(run.id)).toMatchObject({
      status: RetentionRunStatus.Completed,
      errors: [],
      counts: { test_probe: PROBE_ROWS },
    });
    expect(await count('retention_probe')).toBe(0);
    expect(await count('contacts')).toBe(0);
    const events = await first.query<{ action: string }>(
      'SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY seq',
      [run.id],
    );
    expect(events.map((e) => e.action)).toEqual(['retention.run_started', 'retention.run_completed']);
  });

  it('runs the daily job once a day, however many replicas tick', async () => {
    const runId = await second.get(RetentionScheduler).tick();
    expect(runId).not.toBeNull();
    await second.get(RetentionService).settled(runId!);
    expect(await receipt(runId!)).toMatchObject({
      trigger: RetentionRunTrigger.Schedule,
      triggeredBy: null,
      status: RetentionRunStatus.Completed,
    });
    // The other replica's tick, a little later the same day, finds the day done.
    expect(await first.get(RetentionScheduler).tick()).toBeNull();
  });
});
