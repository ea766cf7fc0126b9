import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { Bulkhead, Release, SERVER_BUSY_TYPE, TOO_MUCH_HEAVY_WORK_TYPE } from '../src/common/bulkhead';
import { PROVIDER_LANE, STAFF_LANE } from '../src/common/heavy-work';
import { createTestApp, TestApp } from './utils/app';
import { answered } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, type TestStaff } from './utils/staff';
import { until } from './utils/staff-load';

/**
 * The bulkhead over HTTP. Slots are taken through the Bulkhead itself, as a long export would
 * hold them, so each case is exact; the load test (heavy-work-load) shows the effect under load.
 */
describe('heavy requests are limited per account and per lane, never reaching a 500', () => {
  let db: TestDatabase;
  let t: TestApp;
  let bulkhead: Bulkhead;
  let analystA: TestStaff;
  let tokenA: string;
  let tokenB: string;
  let surveyId: string;
  let providerKey: string;
  const held: Release[] = [];

  const statisticsAs = (credential: { staff: string } | { apiKey: string }) =>
    t.api(credential).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } });
  const statistics = (token: string) => statisticsAs({ staff: token });

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: {
        HEAVY_WORK_STAFF_CONCURRENCY: '2',
        HEAVY_WORK_PER_CALLER: '1',
        HEAVY_WORK_QUEUE_PER_CALLER: '1',
        HEAVY_WORK_QUEUE_SIZE: '1',
        HEAVY_WORK_QUEUE_TIMEOUT_MS: '400',
      },
    });
    bulkhead = t.app.get(Bulkhead);
    analystA = await newStaff(t.app, StaffRole.Analyst);
    tokenA = await sessionFor(t.app, analystA);
    tokenB = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId } = await surveyWithInvitees(t.app, tokenA, { importContacts: false }));
    const admin = await newStaff(t.app, StaffRole.Admin);
    providerKey = (await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead, ApiKeyScope.ResponsesRead], [surveyId]))
      .secret;
  });

  afterEach(() => {
    for (const release of held.splice(0)) release();
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const hold = async (lane: string, caller: string) => held.push(await bulkhead.acquire(lane, caller));

  it('lets a request wait for the account’s running one, then answers it', async () => {
    await hold(STAFF_LANE, analystA.user.id);
    const waiting = statistics(tokenA);
    await until(() => bulkhead.snapshot(STAFF_LANE).waiting === 1, 5000, 'the request to queue');
    held.shift()!();
    await answered(waiting, 200);
    expect(bulkhead.snapshot(STAFF_LANE)).toMatchObject({ running: 0, waiting: 0 });
  });

  it('refuses what an account sends beyond its running and waiting share with 429 problem+json and Retry-After', async () => {
    await hold(STAFF_LANE, analystA.user.id);
    const waiting = statistics(tokenA);
    await until(() => bulkhead.snapshot(STAFF_LANE).waiting === 1, 5000, 'the request to queue');
    const { error, response } = await answered(statistics(tokenA), 429);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(error).toMatchObject({ status: 429, type: TOO_MUCH_HEAVY_WORK_TYPE });
    // Everyday routes of the same account are not held back.
    await answered(t.api({ staff: tokenA }).GET('/api/v1/surveys'), 200);
    held.shift()!();
    await answered(waiting, 200);
  });

  it('answers 503 with Retry-After when the lane is full of other accounts’ work, at once or after the queue timeout', async () => {
    await hold(STAFF_LANE, 'someone');
    await hold(STAFF_LANE, 'someone else');
    const started = Date.now();
    const queued = statistics(tokenA);
    await until(() => bulkhead.snapshot(STAFF_LANE).waiting === 1, 5000, 'the request to queue');
    const full = await answered(statistics(tokenB), 503);
    expect(full.error).toMatchObject({ status: 503, type: SERVER_BUSY_TYPE });
    expect(Number(full.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const timedOut = (await answered(queued, 503)).response;
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(timedOut.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(timedOut.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('keeps the provider lane apart: a provider key is served while staff fill theirs', async () => {
    await hold(STAFF_LANE, 'someone');
    await hold(STAFF_LANE, 'someone else');
    await answered(statisticsAs({ apiKey: providerKey }), 200);
    expect(bulkhead.snapshot(PROVIDER_LANE).peakRunning).toBe(1);
  });
});
