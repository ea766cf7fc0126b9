import { Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemType } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import type { PurgeBatchResult, RetentionTarget } from '../src/retention/retention-registry';
import { RetentionRegistry } from '../src/retention/retention-registry';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor, TestStaff } from './utils/staff';

const PROBE_ROWS = 250;

/** What the probe target of every app in this file does; each test sets what it needs. */
const probe = {
  /** The next purgeBatch call (only that one) waits until this promise resolves. */
  gate: null as Promise<void> | null,
  /** Resolves when a call has reached the gate. */
  reachedGate: null as (() => void) | null,
};

/**
 * A test-only kind, registered through the `imports` option like another module's target would
 * be: it deletes rows of its own table in batches, and can be made to wait mid-way.
 */
class ProbeTarget implements RetentionTarget {
  readonly kind = 'test_probe';
  constructor(private readonly dataSource: DataSource) {}

  async countDue(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM retention_probe');
    return row.n;
  }

  async purgeBatch(_at: Date, limit: number): Promise<PurgeBatchResult> {
    const gate = probe.gate;
    if (gate) {
      probe.gate = null;
      probe.reachedGate?.();
      await gate;
    }
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
 * The 409 answer while a run is in progress, on this replica and another. Failures, crashes and
 * the schedule are tested at the service (src/retention/retention-runs.spec.ts).
 */
describe('Retention runs: one at a time over HTTP', () => {
  let db: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  let dataSource: DataSource;
  let officer: TestStaff;

  const start = async (app: TestApp) =>
    app.api({ staff: await sessionFor(app.app, officer) }).POST('/api/v1/retention/runs');

  beforeAll(async () => {
    db = await createTestDatabase();
    first = await createTestApp({ databaseUrl: db.url, imports: [ProbeRetentionModule] });
    second = await createTestApp({ databaseUrl: db.url, migrate: false, imports: [ProbeRetentionModule] });
    dataSource = first.app.get(DataSource);
    await dataSource.query('CREATE TABLE retention_probe (id serial PRIMARY KEY)');
    officer = await newStaff(first.app, StaffRole.PrivacyOfficer);
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await db?.drop();
  });

  it('refuses a run on any replica with 409 problem+json while one is in progress', async () => {
    await dataSource.query('INSERT INTO retention_probe SELECT FROM generate_series(1, $1)', [PROBE_ROWS]);
    let release!: () => void;
    probe.gate = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (probe.reachedGate = resolve));
    const running = await dataOf(start(first), 202);
    await reached;
    try {
      for (const app of [second, first]) {
        const { response, error } = await answered(start(app), 409);
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(error).toMatchObject({ status: 409, type: ProblemType.RetentionRunInProgress });
      }
    } finally {
      release();
    }
    await first.app.get(RetentionService).settled(running.id);
    const done = await dataOf(
      first.api({ staff: await sessionFor(first.app, officer) }).GET('/api/v1/retention/runs/{id}', {
        params: { path: { id: running.id } },
      }),
    );
    expect(done.status).toBe('completed');
    // Once it has finished, the other replica may start one.
    const next = await dataOf(start(second), 202);
    await second.app.get(RetentionService).settled(next.id);
  });
});
