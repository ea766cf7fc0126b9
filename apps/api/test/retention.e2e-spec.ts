import type { components } from '@survey/api-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor, TestStaff } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];

/** The moment `months` calendar months after `from` (UTC), as the clock will be moved. */
function monthsAfter(from: Date, months: number): Date {
  const moved = new Date(from.getTime());
  moved.setUTCMonth(moved.getUTCMonth() + months);
  return moved;
}

/**
 * The retention routes: who may read the policy and start a run, what they refuse, and one run
 * through HTTP. What a run deletes and keeps, its receipt and the audit checkpoint are tested at
 * the service (src/retention/retention.service.spec.ts, retention-runs.spec.ts).
 */
describe('Retention routes', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let now: Date;
  const T0 = new Date();
  const staff = {} as Record<'analyst' | 'officer' | 'admin' | 'management', TestStaff>;

  /** A client with a fresh session (sessions expire by the injected clock, which the tests move). */
  const as = async (who: keyof typeof staff) => t.api({ staff: await sessionFor(t.app, staff[who]) });
  const count = async (table: string) =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url });
    dataSource = t.app.get(DataSource);
    now = new Date(T0.getTime());
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now.getTime()));
    staff.analyst = await newStaff(t.app, StaffRole.Analyst);
    staff.officer = await newStaff(t.app, StaffRole.PrivacyOfficer);
    staff.admin = await newStaff(t.app, StaffRole.Admin);
    staff.management = await newStaff(t.app, StaffRole.Management);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('refuses a survey retention of 24 + 1 months, on creation and on change, and writes nothing', async () => {
    const analyst = await as('analyst');
    const before = await count('surveys');
    const created = await problemOf(
      analyst.POST('/api/v1/surveys', { body: { name: 'Too long', retentionMonths: 25 } }),
      400,
    );
    expect(created.errors?.map((e) => e.field)).toEqual(['retentionMonths']);
    expect(await count('surveys')).toBe(before);

    const ok = await dataOf(analyst.POST('/api/v1/surveys', { body: { name: 'Fine', retentionMonths: 24 } }), 201);
    const survey = { params: { path: { id: ok.id } } };
    const patched = await problemOf(
      analyst.PATCH('/api/v1/surveys/{id}', { ...survey, body: { retentionMonths: 25 } }),
      400,
    );
    expect(patched.errors?.map((e) => e.field)).toEqual(['retentionMonths']);
    await answered(analyst.PATCH('/api/v1/surveys/{id}', { ...survey, body: { retentionMonths: 0 } }), 400);
    expect((await dataOf(analyst.GET('/api/v1/surveys/{id}', survey))).retentionMonths).toBe(24);
  });

  it('shows the policy to privacy officers, administrators and analysts, not to management', async () => {
    for (const who of ['analyst', 'officer', 'admin'] as const) {
      const policy = await dataOf((await as(who)).GET('/api/v1/retention/policy'));
      expect(policy).toMatchObject({ retentionMonths: 24, schedule: { enabled: false, hourUtc: 3 }, batchSize: 2000 });
      // The kinds in the order a run purges them (the order itself: retention.service.spec.ts).
      expect(policy.kinds.map((k) => k.kind)).toEqual(
        t.app
          .get(RetentionService)
          .kinds()
          .map((k) => k.kind),
      );
      expect(policy.kinds.every((k) => typeof k.rule === 'string' && k.rule.length > 20)).toBe(true);
    }
    await answered((await as('management')).GET('/api/v1/retention/policy'), 403);
    await answered((await as('analyst')).GET('/api/v1/retention/preview'), 403);
    await answered((await as('analyst')).POST('/api/v1/retention/runs'), 403);
    await answered((await as('analyst')).GET('/api/v1/retention/runs'), 403);
    await answered(t.api().GET('/api/v1/retention/policy'), 401);
  });

  // Raw HTTP: the query strings are malformed on purpose (a fraction, a word), which the typed client would not send.
  it.each([['days=-1'], ['days=731'], ['days=1.5'], ['days=soon']])(
    'refuses a preview with %s, naming the field',
    async (query) => {
      const res = await request(t.app.getHttpServer())
        .get(`/api/v1/retention/preview?${query}`)
        .set({ Authorization: `Bearer ${await sessionFor(t.app, staff.officer)}` })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect([...new Set((res.body as Problem).errors?.map((e) => e.field))]).toEqual(['days']);
    },
  );

  it('answers 404 for a run that does not exist, and 400 naming the id for a malformed one', async () => {
    const officer = await as('officer');
    await answered(
      officer.GET('/api/v1/retention/runs/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } }),
      404,
    );
    const problem = await problemOf(
      officer.GET('/api/v1/retention/runs/{id}', { params: { path: { id: 'nope' } } }),
      400,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['id']);
  });

  it('previews, starts (202 with its Location), lists and shows a run, 25 months on', async () => {
    now = monthsAfter(T0, 25);
    const officer = await as('officer');
    const preview = await dataOf(officer.GET('/api/v1/retention/preview', { params: { query: { days: 0 } } }));
    expect(preview.days).toBe(0);
    expect(new Date(preview.at).getTime()).toBe(now.getTime());
    // The staff accounts' audit events are 25 months old now.
    const dueEvents = preview.counts.find((c) => c.kind === 'audit_events')?.count ?? 0;
    expect(dueEvents).toBeGreaterThan(0);

    const { data: started, response } = await answered(officer.POST('/api/v1/retention/runs'), 202);
    expect(response.headers.get('location')).toBe(`/api/v1/retention/runs/${started!.id}`);
    expect(started).toMatchObject({ status: 'running', trigger: 'manual', triggeredBy: staff.officer.user.id });
    await t.app.get(RetentionService).settled(started!.id);

    const run = await dataOf(officer.GET('/api/v1/retention/runs/{id}', { params: { path: { id: started!.id } } }));
    expect(run).toMatchObject({ status: 'completed', currentKind: null, errors: [] });
    expect(new Date(run.dueAt).getTime()).toBe(now.getTime());
    expect(run.finishedAt).not.toBeNull();
    expect(run.policy.retentionMonths).toBe(24);
    expect(run.counts).toContainEqual({ kind: 'audit_events', count: dueEvents });

    const list = await dataOf((await as('admin')).GET('/api/v1/retention/runs', { params: { query: { limit: 5 } } }));
    expect(list.meta).toMatchObject({ page: 1, limit: 5, total: 1, hasNextPage: false });
    expect(list.items.map((r) => r.id)).toEqual([run.id]);
  });
});
