import { Module, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { components } from '@survey/api-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { ProblemType } from '../src/common/problem-types';
import type { PurgeBatchResult, RetentionTarget } from '../src/retention/retention-registry';
import { RetentionRegistry } from '../src/retention/retention-registry';
import { RETENTION_CRON_JOB, RetentionScheduler } from '../src/retention/retention.scheduler';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor, TestStaff } from './utils/staff';

type RetentionRunDto = components['schemas']['RetentionRunDto'];

const PROBE_ROWS = 250;
const BATCH = 100;

/** What the probe target of every app in this file does; each test sets what it needs. */
const probe = {
  /** purgeBatch throws on this call number (1-based, over all apps), once. */
  failOnCall: 0,
  calls: 0,
  /** The next purgeBatch call (only that one) waits until this promise resolves. */
  gate: null as Promise<void> | null,
  /** Resolves when a call has reached the gate. */
  reachedGate: null as (() => void) | null,
};

/**
 * A test-only kind, registered through the `imports` option like another module's target would
 * be: it deletes rows of its own table in batches, and can be made to fail or wait mid-way.
 */
class ProbeTarget implements RetentionTarget {
  readonly kind = 'test_probe';
  constructor(private readonly dataSource: DataSource) {}

  async countDue(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM retention_probe');
    return row.n;
  }

  async purgeBatch(_at: Date, limit: number): Promise<PurgeBatchResult> {
    probe.calls += 1;
    const gate = probe.gate;
    if (gate) {
      probe.gate = null;
      probe.reachedGate?.();
      await gate;
    }
    if (probe.calls === probe.failOnCall) throw new Error('probe failure');
    const [, deleted] = await this.dataSource.query(
      'DELETE FROM retention_probe WHERE id IN (SELECT id FROM retention_probe ORDER BY id LIMIT $1)',
      [limit],
    );
    return deleted;
  }
}

@Module({})
class ProbeRetentionModule implements OnModuleInit {
  constructor(
    private readonly registry: RetentionRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register(new ProbeTarget(this.dataSource));
  }
}

/**
 * Issue 7, item 8: a run that fails or dies half-way is resumed by the next one with nothing
 * left behind, and one replica runs at a time (PostgreSQL advisory lock).
 */
describe('Retention runs: failures, crashes and replicas', () => {
  let db: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  let dataSource: DataSource;
  let officer: TestStaff;
  let now: Date;
  const T0 = new Date();

  const http = (app: TestApp) => request(app.app.getHttpServer());
  const tokenOn = (app: TestApp) => sessionFor(app.app, officer).then(bearer);
  const probeRows = async () => Number((await dataSource.query('SELECT count(*)::int AS n FROM retention_probe'))[0].n);
  const contacts = async () => Number((await dataSource.query('SELECT count(*)::int AS n FROM contacts'))[0].n);
  const receipt = async (id: string) =>
    (
      await http(first)
        .get(`/api/v1/retention/runs/${id}`)
        .set(await tokenOn(first))
        .expect(200)
    ).body as RetentionRunDto;
  const start = async (app: TestApp, status: number) =>
    http(app)
      .post('/api/v1/retention/runs')
      .set(await tokenOn(app))
      .expect(status);

  /** Everything due again: the fixture's contacts (imported at T0) and the probe's rows. */
  async function seed(): Promise<void> {
    now = new Date(T0.getTime());
    await dataSource.query('INSERT INTO retention_probe SELECT FROM generate_series(1, $1)', [PROBE_ROWS]);
    const analyst = await newStaff(first.app, StaffRole.Analyst);
    await surveyWithInvitees(first.app, await sessionFor(first.app, analyst), { importContacts: true });
    now = new Date(T0.getTime() + 25 * 31 * 24 * 3600 * 1000);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { RETENTION_BATCH_SIZE: String(BATCH) };
    first = await createTestApp({ databaseUrl: db.url, env, imports: [ProbeRetentionModule] });
    second = await createTestApp({
      databaseUrl: db.url,
      migrate: false,
      env: { ...env, RETENTION_SCHEDULE: 'true', RETENTION_RUN_HOUR: '5' },
      imports: [ProbeRetentionModule],
    });
    dataSource = first.app.get(DataSource);
    await dataSource.query('CREATE TABLE retention_probe (id serial PRIMARY KEY)');
    now = new Date(T0.getTime());
    for (const app of [first, second]) {
      jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now.getTime()));
    }
    officer = await newStaff(first.app, StaffRole.PrivacyOfficer);
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await db?.drop();
  });

  beforeEach(() => {
    probe.calls = 0;
    probe.failOnCall = 0;
    probe.gate = null;
    probe.reachedGate = null;
  });

  it('records a target that fails half-way as a failed run, and the next run finishes the work', async () => {
    await seed();
    expect(await contacts()).toBeGreaterThan(0);
    probe.failOnCall = 2;
    const failed = await start(first, 202);
    await first.app.get(RetentionService).settled(failed.body.id);
    const failedReceipt = await receipt(failed.body.id);
    expect(failedReceipt).toMatchObject({
      status: 'failed',
      currentKind: null,
      errors: [{ kind: 'test_probe', error: 'Error' }],
    });
    // The kinds before it ran to the end; the probe stopped after its first batch.
    expect(failedReceipt.counts).toEqual(expect.arrayContaining([{ kind: 'test_probe', count: BATCH }]));
    expect(failedReceipt.counts.find((c) => c.kind === 'contacts')?.count).toBeGreaterThan(0);
    expect(await probeRows()).toBe(PROBE_ROWS - BATCH);
    expect(await contacts()).toBe(0);

    const resumed = await start(first, 202);
    await first.app.get(RetentionService).settled(resumed.body.id);
    expect(await receipt(resumed.body.id)).toMatchObject({
      status: 'completed',
      errors: [],
      counts: [{ kind: 'test_probe', count: PROBE_ROWS - BATCH }],
    });
    expect(await probeRows()).toBe(0);
    expect((await receipt(failed.body.id)).status).toBe('failed');
    const preview = await http(first)
      .get('/api/v1/retention/preview?days=0')
      .set(await tokenOn(first))
      .expect(200);
    expect(preview.body.counts.filter((c: { count: number }) => c.count > 0)).toEqual([]);
  });

  it('lets one replica run at a time: the others are refused with 409 and their daily job skips', async () => {
    await dataSource.query('INSERT INTO retention_probe SELECT FROM generate_series(1, $1)', [PROBE_ROWS]);
    let release!: () => void;
    probe.gate = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (probe.reachedGate = resolve));
    const running = await start(first, 202);
    await reached;

    for (const app of [second, first]) {
      const refused = await start(app, 409);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 409, type: ProblemType.RetentionRunInProgress });
    }
    expect(await second.app.get(RetentionScheduler).tick()).toBeNull();
    const progress = await receipt(running.body.id);
    expect(progress).toMatchObject({ status: 'running', currentKind: 'test_probe', finishedAt: null });

    release();
    await first.app.get(RetentionService).settled(running.body.id);
    expect((await receipt(running.body.id)).status).toBe('completed');
    expect(await probeRows()).toBe(0);
    const next = await start(second, 202);
    await second.app.get(RetentionService).settled(next.body.id);
    expect((await receipt(next.body.id)).status).toBe('completed');
  });

  it('resumes a run whose replica died between batches: its receipt says failed, nothing due is left', async () => {
    await seed();
    let release!: () => void;
    probe.gate = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (probe.reachedGate = resolve));
    const dying = await start(first, 202);
    await reached;
    // The replica "dies": its session, and with it the advisory lock, is gone.
    const terminated = await dataSource.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1`,
      [0x72657465],
    );
    expect(terminated).toEqual([{ done: true }]);

    const takeover = await start(second, 202);
    await second.app.get(RetentionService).settled(takeover.body.id);
    expect(await receipt(dying.body.id)).toMatchObject({
      status: 'failed',
      errors: [{ kind: 'test_probe', error: 'interrupted' }],
    });
    expect((await receipt(takeover.body.id)).status).toBe('completed');

    // The first replica's stuck batch ends; it notices its lock is gone and stops, leaving the receipt as it is.
    release();
    await first.app.get(RetentionService).settled(dying.body.id);
    expect((await receipt(dying.body.id)).status).toBe('failed');
    expect(await probeRows()).toBe(0);
    expect(await contacts()).toBe(0);
    const events = await dataSource.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY seq`, [
      dying.body.id,
    ]);
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'retention.run_started',
      'retention.run_interrupted',
    ]);
  });

  it('schedules the daily run at the configured hour only where the schedule is on, once a day', async () => {
    expect(first.app.get(SchedulerRegistry).doesExist('cron', RETENTION_CRON_JOB)).toBe(false);
    const job = second.app.get(SchedulerRegistry).getCronJob(RETENTION_CRON_JOB);
    expect(job.cronTime.source).toBe('0 0 5 * * *');
    expect(job.isActive).toBe(true);

    const runId = await second.app.get(RetentionScheduler).tick();
    expect(runId).not.toBeNull();
    expect(await receipt(runId!)).toMatchObject({ trigger: 'schedule', triggeredBy: null, status: 'completed' });
    // The other replica's tick, a little later the same day, finds the day done.
    expect(await first.app.get(RetentionScheduler).tick()).toBeNull();
  });
});
