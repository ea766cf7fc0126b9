import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { JobQueue } from '../src/jobs/job-queue';
import { waitUntil } from '../src/jobs/wait-until';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { FAIL_TASK, jobProbe, JobProbeModule } from './utils/job-probe';
import { newStaff, sessionFor } from './utils/staff';

/** The dead-letter list: jobs that used all their attempts, shown to administrators, retried on demand. */
describe('Failed jobs', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: string;
  let analyst: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, imports: [JobProbeModule] });
    admin = await sessionFor(t.app, await newStaff(t.app, StaffRole.Admin, { totp: true }));
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const failed = (token: string) => t.api({ staff: token }).GET('/api/v1/jobs/failed', { params: { query: {} } });

  it('retries a failing job with back-off, then lists it for administrators without its error text', async () => {
    const dataSource = t.app.get(DataSource);
    await dataSource.transaction((tx) =>
      t.app.get(JobQueue).enqueue(tx, { task: FAIL_TASK, payload: {}, maxAttempts: 2 }),
    );
    await waitUntil(async () => (await dataOf(failed(admin))).items.length === 1, { timeoutMs: 30_000 });
    expect(jobProbe.failures).toBe(2);
    const page = await dataOf(failed(admin));
    expect(page.meta.total).toBe(1);
    expect(page.items[0]).toMatchObject({ task: FAIL_TASK, attempts: 2, maxAttempts: 2, lastError: 'Error' });
    expect(JSON.stringify(page)).not.toContain('example.org');

    await problemOf(failed(analyst), 403);

    const retry = (id: string, token = admin) =>
      t.api({ staff: token }).POST('/api/v1/jobs/{id}/retry', { params: { path: { id } } });
    await problemOf(retry(page.items[0].id, analyst), 403);
    expect(await problemOf(retry('not-a-job'), 400)).toMatchObject({ errors: [{ field: 'id' }] });
    await problemOf(retry('999999999'), 404);
    await answered(retry(page.items[0].id), 204);
    await waitUntil(async () => jobProbe.failures === 3);
    expect((await dataOf(failed(admin))).items).toEqual([]);
  }, 60_000);
});
