import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, TestApiKey, TestStaff } from './utils/staff';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const KIND = 'provider_idempotency_keys';
const countOf = (counts: { kind: string; count: number }[], kind: string) => counts.find((c) => c.kind === kind)?.count;

/** The README: a replay is answered from the kept answer for 24 hours, and retention then deletes it. */
describe('a provider Idempotency-Key is kept 24 hours', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let officer: TestStaff;
  let writer: TestApiKey;
  let surveyId: string;
  let invitees: Invitee[];
  const T0 = new Date();
  let now = new Date(T0.getTime());

  /** The batch, answered as text so a replay can be compared byte for byte. */
  const post = (body: ReturnType<typeof batch>, key: string) =>
    t.api({ apiKey: writer.secret }).POST('/api/v1/provider/surveys/{id}/responses', {
      params: { path: { id: surveyId }, header: { 'Idempotency-Key': key } },
      body,
      parseAs: 'text',
    });
  const batch = (invitee: Invitee, id: string) => ({
    responses: [{ providerResponseId: id, invitationToken: invitee.token, answers: completeAnswers() }],
  });
  const keptKeys = async () =>
    Number((await dataSource.query('SELECT count(*)::int AS n FROM provider_idempotency_keys'))[0].n);
  /** A fresh session at the moved clock (sessions expire by it). */
  const asOfficer = async () => t.api({ staff: await sessionFor(t.app, officer) });
  const preview = async () =>
    dataOf((await asOfficer()).GET('/api/v1/retention/preview', { params: { query: { days: 0 } } }));

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url });
    dataSource = t.app.get(DataSource);
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now.getTime()));
    const admin = await newStaff(t.app, StaffRole.Admin);
    officer = await newStaff(t.app, StaffRole.PrivacyOfficer);
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
    writer = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyId]);
    // The key itself outlives the moved clock.
    await dataSource.query(`UPDATE api_keys SET expires_at = now() + interval '30 days' WHERE id = $1`, [writer.id]);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('replays for 24 hours, is deleted by the retention run after them (not before), and the key is then free', async () => {
    const key = 'nightly-batch-1';
    const first = await dataOf(post(batch(invitees[0], 'p-1'), key));
    expect(JSON.parse(first)).toMatchObject({ created: 1 });
    expect(await keptKeys()).toBe(1);

    // A minute short of 24 hours: still replayed, and not yet due for deletion.
    now = new Date(T0.getTime() + 24 * HOUR - MINUTE);
    const replay = await answered(post(batch(invitees[0], 'p-1'), key), 200);
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data).toBe(first);
    expect(countOf((await preview()).counts, KIND)).toBe(0);

    // A minute past: due, and the run deletes it though the key was never used again.
    now = new Date(T0.getTime() + 24 * HOUR + MINUTE);
    expect(countOf((await preview()).counts, KIND)).toBe(1);
    const started = await dataOf((await asOfficer()).POST('/api/v1/retention/runs'), 202);
    await t.app.get(RetentionService).settled(started.id);
    const run = await dataOf(
      (await asOfficer()).GET('/api/v1/retention/runs/{id}', { params: { path: { id: started.id } } }),
    );
    expect(run).toMatchObject({ status: 'completed' });
    expect(countOf(run.counts, KIND)).toBe(1);
    expect(await keptKeys()).toBe(0);

    // Free again: the same key with another batch is a new request, not a 422 or a replay.
    const again = await answered(post(batch(invitees[1], 'p-2'), key), 200);
    expect(again.response.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.parse(again.data!)).toMatchObject({ created: 1 });
  });
});
