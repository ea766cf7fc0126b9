import { randomBytes, randomUUID } from 'node:crypto';
import { Logger, quickAddJob, runMigrations as runQueueMigrations, runOnce } from 'graphile-worker';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { MailSender } from '../src/mail/mail-sender.service';
import { RetentionRunTrigger } from '../src/retention/retention-run.entity';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { labelValuesOf, samplesOf, scrape, valueOf } from './utils/metrics';
import { freePort } from './utils/ports';
import { completeAnswers, FIXTURE, Invitee, surveyWithInvitees } from './utils/respondents';
import { PROBE_TABLE_DDL, ProbeRetentionModule } from './utils/retention-probe';
import { newStaff, sessionFor } from './utils/staff';

/**
 * Prometheus metrics: served only on the metrics port or behind the token, labelled by route
 * template and never by a value a request carried (ids, tokens, e-mail addresses).
 */

const TOKEN = randomBytes(24).toString('base64url');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('metrics on their own port, behind a token', () => {
  let db: TestDatabase;
  let t: TestApp;
  let metricsOrigin: string;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];

  const metrics = async () => {
    const { status, text } = await scrape(metricsOrigin, TOKEN);
    expect(status).toBe(200);
    return text;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    metricsOrigin = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      databaseUrl: db.url,
      env: { METRICS_PORT: String(port), METRICS_TOKEN: TOKEN, RESPOND_MAX_INVALID_TOKENS: '1000' },
      imports: [ProbeRetentionModule],
    });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('are not served on the public port', async () => {
    // Raw HTTP: /metrics is not part of the API document.
    const res = await request(t.app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('http_request_duration_seconds');
  });

  it('are refused on the metrics port without the token, or with another one', async () => {
    const none = await scrape(metricsOrigin);
    expect(none.status).toBe(401);
    expect(none.text).not.toContain('process_cpu');
    expect((await scrape(metricsOrigin, `${TOKEN}x`)).status).toBe(401);
    const other = await fetch(`${metricsOrigin}/api/v1/surveys`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(other.status).toBe(404);
  });

  it('count requests by route template and status class, and no label holds an id, token or address', async () => {
    const staff = t.api({ staff: analyst });
    await dataOf(staff.GET('/api/v1/surveys/{id}', { params: { path: { id: surveyId } } }));
    await answered(staff.GET('/api/v1/surveys/{id}', { params: { path: { id: randomUUID() } } }), 404);
    await dataOf(staff.GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }));
    const respondent = t.api({ invitation: invitees[0].token });
    await dataOf(respondent.GET('/api/v1/respond'));
    await answered(respondent.POST('/api/v1/respond/submit', { body: { answers: completeAnswers() } }), 200);
    // Refused before it reaches its route (raw: the client only sends JSON).
    await request(t.app.getHttpServer())
      .patch(`/api/v1/surveys/${surveyId}`)
      .set('Authorization', `Bearer ${analyst}`)
      .set('Content-Type', 'text/plain')
      .send('x')
      .expect(415);
    // A path with an id that no route serves, and a query string carrying a value.
    await request(t.app.getHttpServer()).get(`/api/v1/nothing/${invitees[1].token}?email=someone%40example.org`);

    const text = await metrics();
    const routes = samplesOf(text)
      .filter((s) => s.name === 'http_request_duration_seconds_count')
      .map((s) => `${s.labels.method} ${s.labels.route} ${s.labels.status_class}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v1/surveys/:id 2xx',
        'GET /api/v1/surveys/:id 4xx',
        'GET /api/v1/surveys/:id/statistics 2xx',
        'GET /api/v1/respond 2xx',
        'POST /api/v1/respond/submit 2xx',
        'POST /api/v1/surveys/:id/campaigns 2xx',
        'PATCH /api/v1/surveys/:id 4xx',
        'GET unmatched 4xx',
      ]),
    );
    expect(
      valueOf(text, 'http_request_duration_seconds_bucket', {
        method: 'GET',
        route: '/api/v1/surveys/:id',
        le: '+Inf',
      }),
    ).toBe(2);

    const values = labelValuesOf(text);
    const secrets = [surveyId, ...invitees.flatMap((i) => [i.token, i.invitationId, i.contactId])];
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const email of FIXTURE.toString('utf8').match(/[\w.+-]+@[\w.-]+/g)!) expect(text).not.toContain(email);
    expect(values.filter((v) => UUID.test(v) || v.includes('@') || v.includes('?'))).toEqual([]);
  });

  it('show the database pool and how long connections took to get', async () => {
    const before = await metrics();
    await dataOf(t.api({ staff: analyst }).GET('/api/v1/surveys'));
    const after = await metrics();
    expect(valueOf(after, 'db_pool_connections', { pool: 'primary', state: 'total' })).toBeGreaterThan(0);
    expect(valueOf(after, 'db_pool_max_connections', { pool: 'primary' })).toBe(t.config.dbPoolSize);
    expect(samplesOf(after).some((s) => s.name === 'db_pool_waiting_requests' && s.labels.pool === 'primary')).toBe(
      true,
    );
    const acquired = (text: string) =>
      valueOf(text, 'db_pool_acquire_seconds_count', { pool: 'primary', outcome: 'ok' });
    expect(acquired(after)).toBeGreaterThan(acquired(before));
  });

  it('count the mail sent', async () => {
    const before = valueOf(await metrics(), 'survey_mail_sent_total', { kind: 'invitation' });
    const result = await t.app.get(MailSender).runOnce(100);
    expect(result.sent).toBe(invitees.length);
    const after = valueOf(await metrics(), 'survey_mail_sent_total', { kind: 'invitation' });
    expect(after - before).toBe(invitees.length);
  });

  it('count what the retention run deletes, per kind', async () => {
    const dataSource = t.app.get(DataSource);
    await dataSource.query(PROBE_TABLE_DDL);
    await dataSource.query('INSERT INTO retention_probe SELECT FROM generate_series(1, 3)');
    const retention = t.app.get(RetentionService);
    const run = await retention.start(RetentionRunTrigger.Manual, null);
    await retention.settled(run.id);
    expect(valueOf(await metrics(), 'survey_retention_deleted_total', { target: 'test_probe' })).toBe(3);
  });

  it("read the job queue's depth, age and dead letters (its schema is installed with the application's)", async () => {
    expect(valueOf(await metrics(), 'survey_job_queue_installed')).toBe(1);

    await runQueueMigrations({ connectionString: db.url });
    await quickAddJob({ connectionString: db.url }, 'metrics-probe-fails', {}, { maxAttempts: 1 });
    await runOnce({
      connectionString: db.url,
      taskList: {
        'metrics-probe-fails': () => {
          throw new Error('fails on purpose');
        },
      },
      logger: new Logger(() => () => undefined),
    });
    await quickAddJob(
      { connectionString: db.url },
      'metrics-probe-waits',
      {},
      { runAt: new Date(Date.now() - 60_000) },
    );
    await quickAddJob(
      { connectionString: db.url },
      'metrics-probe-waits',
      {},
      { runAt: new Date(Date.now() + 3600_000) },
    );

    // Figures are cached for a second so that one scrape reads the queue once.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const present = await metrics();
    expect(valueOf(present, 'survey_job_queue_installed')).toBe(1);
    expect(valueOf(present, 'survey_job_queue_jobs', { task: 'metrics-probe-fails', state: 'failed' })).toBe(1);
    expect(valueOf(present, 'survey_job_queue_jobs', { task: 'metrics-probe-waits', state: 'ready' })).toBe(1);
    expect(valueOf(present, 'survey_job_queue_jobs', { task: 'metrics-probe-waits', state: 'scheduled' })).toBe(1);
    expect(valueOf(present, 'survey_job_queue_oldest_ready_seconds', { task: 'metrics-probe-waits' })).toBeGreaterThan(
      59,
    );
  });

  it('include the Node.js process metrics', async () => {
    const text = await metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('metrics on the public port', () => {
  let db: TestDatabase;
  let withToken: TestApp;
  let off: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    withToken = await createTestApp({ databaseUrl: db.url, env: { METRICS_TOKEN: TOKEN } });
    off = await createTestApp({ databaseUrl: db.url, migrate: false });
  });

  afterAll(async () => {
    await withToken?.close();
    await off?.close();
    await db?.drop();
  });

  // Raw HTTP: /metrics is not part of the API document.
  it('are served there only behind METRICS_TOKEN', async () => {
    const server = withToken.app.getHttpServer();
    const refused = await request(server).get('/metrics');
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(refused.text).not.toContain('process_cpu');
    expect((await request(server).get('/metrics').set('Authorization', 'Bearer wrong')).status).toBe(401);
    const served = await request(server).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(served.status).toBe(200);
    expect(served.text).toContain('http_request_duration_seconds');
  });

  it('are not served at all by default', async () => {
    const res = await request(off.app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('process_cpu');
  });
});
