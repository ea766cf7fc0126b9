import { ProblemType } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { probe, PROBE_TABLE_DDL, ProbeRetentionModule } from './utils/retention-probe';
import { newStaff, sessionFor, TestStaff } from './utils/staff';

const PROBE_ROWS = 250;

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
    await dataSource.query(PROBE_TABLE_DDL);
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
