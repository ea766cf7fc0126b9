import type { operations, Problem } from '@survey/api-client';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { KeystoreService } from '../src/crypto/keystore.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { ProbeModule } from './utils/probe.module';
import { newApiKey, newStaff, sessionFor, TEST_PASSWORD, TestApiKey, TestStaff } from './utils/staff';

type Query = NonNullable<operations['listAuditEvents']['parameters']['query']>;

/** A custom list: two of the defaults left out, one purpose that is not a default. */
const PURPOSES = ['survey-analysis', 'data-quality', 'privacy-request', 'fraud-review'];
const NEW_USER_PASSWORD = 'a brand new staff password 42';
const WRONG_PASSWORD = 'definitely-not-the-password';
const EMAIL_LIKE = /[^\s@"]+@[^\s@"]+\.[^\s@"]+/;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the audit log: what it records, the purpose of personal-data reads, and how it is read', () => {
  let db: TestDatabase;
  let subject: TestApp;
  /** Raw HTTP only for the test-only probe routes, which are not in the spec the typed client is made from. */
  let http: ReturnType<typeof request>;
  let dataSource: DataSource;
  let audit: AuditService;

  let admin: TestStaff;
  let officer: TestStaff;
  let analyst: TestStaff;
  let manager: TestStaff;
  let adminToken: string;
  let officerToken: string;
  let analystToken: string;
  let managerToken: string;
  let apiKey: TestApiKey;

  /** Everything that must never reach the audit log. */
  const secrets: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({
      databaseUrl: db.url,
      env: { DATA_ACCESS_PURPOSES: PURPOSES.join(',') },
      imports: [ProbeModule],
    });
    http = request(subject.app.getHttpServer());
    dataSource = subject.app.get(DataSource);
    audit = subject.app.get(AuditService);

    admin = await newStaff(subject.app, StaffRole.Admin);
    officer = await newStaff(subject.app, StaffRole.PrivacyOfficer);
    analyst = await newStaff(subject.app, StaffRole.Analyst);
    manager = await newStaff(subject.app, StaffRole.Management);
    adminToken = await sessionFor(subject.app, admin);
    officerToken = await sessionFor(subject.app, officer);
    analystToken = await sessionFor(subject.app, analyst);
    managerToken = await sessionFor(subject.app, manager);
    apiKey = await newApiKey(subject.app, admin, [ApiKeyScope.ResponsesRead], [randomUUID()]);

    for (const staff of [admin, officer, analyst, manager]) {
      secrets.push(staff.email, staff.totpSecret ?? '', ...(staff.recoveryCodes ?? []));
    }
    secrets.push(TEST_PASSWORD, NEW_USER_PASSWORD, WRONG_PASSWORD, adminToken, officerToken, analystToken);
    secrets.push(managerToken, apiKey.secret, apiKey.secret.split('_').slice(2).join('_'));
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  const as = (token: string) => subject.api({ staff: token });
  const list = (query: Query, token = officerToken) => as(token).GET('/api/v1/audit-events', { params: { query } });
  const listEvents = (query: Query, token = officerToken) => dataOf(list(query, token));

  async function onlyEvent(query: Query) {
    const page = await listEvents(query);
    expect(page.items).toHaveLength(1);
    return page.items[0];
  }

  async function eventCount(): Promise<number> {
    const [row] = await dataSource.query<Array<{ count: string }>>('SELECT count(*) AS count FROM audit_events');
    return Number(row.count);
  }

  /** The id of a person whose data key exists, as every contact's does. */
  async function dataSubject(): Promise<string> {
    const id = randomUUID();
    await subject.app.get(KeystoreService).create([id]);
    return id;
  }

  function readContact(id: string, token = analystToken) {
    return http.get(`/api/v1/probe/contacts/${id}`).set(bearer(token));
  }

  function expectProblemNaming(res: request.Response, status: number, field: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.body as Problem;
    expect(problem.status).toBe(status);
    expect(problem.errors?.map((error) => error.field)).toContain(field);
  }

  describe('actions through HTTP', () => {
    it('records who created a user, what, on which resource, when and in which request', async () => {
      const email = `new-analyst-${randomUUID().slice(0, 8)}@staff.example.org`;
      secrets.push(email);
      const before = Date.now();
      const { data: created, response } = await answered(
        as(adminToken).POST('/api/v1/users', {
          body: { email, displayName: 'New Analyst', role: 'analyst', password: NEW_USER_PASSWORD },
        }),
        201,
      );
      const after = Date.now();

      const event = await onlyEvent({ action: 'user.created', resourceId: created!.id });
      expect(event).toMatchObject({
        actorType: 'staff',
        actorId: admin.user.id,
        // The staff member's name, for the log's readers; staff accounts are not survey data.
        actorName: admin.user.displayName,
        action: 'user.created',
        resourceType: 'staff_user',
        resourceId: created!.id,
        outcome: 'success',
        purpose: null,
        requestId: response.headers.get('x-request-id'),
        details: { role: 'analyst' },
      });
      expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(after);
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(event)).not.toContain(email);
    });

    it('records a failed login of a known account as a failure, without the e-mail address', async () => {
      const { response } = await answered(
        subject.api().POST('/api/v1/auth/login', { body: { email: analyst.email, password: WRONG_PASSWORD } }),
        401,
      );
      const event = await onlyEvent({ action: 'auth.login', outcome: 'failure', actorId: analyst.user.id });
      expect(event).toMatchObject({
        actorType: 'staff',
        actorId: analyst.user.id,
        resourceType: 'staff_session',
        resourceId: null,
        outcome: 'failure',
        requestId: response.headers.get('x-request-id'),
        details: { reason: 'wrong_password' },
      });
      const text = JSON.stringify(event);
      expect(text).not.toContain(analyst.email);
      expect(text).not.toContain(WRONG_PASSWORD);
      expect(text).not.toMatch(EMAIL_LIKE);
    });

    it('records a failed login of an unknown account as anonymous, without the e-mail address', async () => {
      const email = `nobody-${randomUUID().slice(0, 8)}@staff.example.org`;
      secrets.push(email);
      const { response } = await answered(
        subject.api().POST('/api/v1/auth/login', { body: { email, password: WRONG_PASSWORD } }),
        401,
      );
      const page = await listEvents({ action: 'auth.login', outcome: 'failure', actorType: 'anonymous' });
      const event = page.items.find((item) => item.requestId === response.headers.get('x-request-id'));
      expect(event).toMatchObject({ actorType: 'anonymous', actorId: null, details: { reason: 'unknown_account' } });
      expect(JSON.stringify(event)).not.toContain(email);
      expect(JSON.stringify(event)).not.toMatch(EMAIL_LIKE);
    });

    it('records a successful HTTP login with the staff member as actor', async () => {
      const { data: tokens, response } = await answered(
        subject.api().POST('/api/v1/auth/login', { body: { email: analyst.email, password: TEST_PASSWORD } }),
        200,
      );
      secrets.push(tokens!.accessToken, tokens!.refreshToken);
      const page = await listEvents({ action: 'auth.login', outcome: 'success', actorId: analyst.user.id });
      const event = page.items.find((item) => item.requestId === response.headers.get('x-request-id'));
      expect(event).toMatchObject({ actorType: 'staff', resourceType: 'staff_session' });
      expect(event?.resourceId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('records a personal-data read with the stated purpose and the reader as actor', async () => {
      const contactId = await dataSubject();
      const res = await readContact(contactId).set('X-Purpose', 'survey-analysis').expect(200);
      expect(res.body).toEqual({ id: contactId });
      const event = await onlyEvent({ resourceType: 'contact', resourceId: contactId });
      expect(event).toMatchObject({
        action: 'contact.read',
        actorType: 'staff',
        actorId: analyst.user.id,
        purpose: 'survey-analysis',
        outcome: 'success',
        requestId: res.headers['x-request-id'],
      });
    });
  });

  describe('personal-data routes need a purpose', () => {
    it('refuses a read without a purpose with a 400 naming the purpose field, and records nothing', async () => {
      const contactId = randomUUID();
      const res = await readContact(contactId);
      expectProblemNaming(res, 400, 'purpose');
      expect((res.body as Problem).errors?.[0].field).toBe('purpose');
      const blank = await readContact(contactId).set('X-Purpose', '   ');
      expectProblemNaming(blank, 400, 'purpose');
      expect((await listEvents({ resourceType: 'contact', resourceId: contactId })).meta.total).toBe(0);
    });

    it('refuses a purpose that is not configured, listing the configured ones', async () => {
      const res = await readContact(randomUUID()).set('X-Purpose', 'curiosity');
      expectProblemNaming(res, 400, 'purpose');
      const message = (res.body as Problem).errors?.[0].message ?? '';
      for (const purpose of PURPOSES) expect(message).toContain(purpose);
      expect(JSON.stringify(res.body)).not.toContain('curiosity');
    });

    it('takes the purpose from the purpose query parameter too', async () => {
      const contactId = await dataSubject();
      await readContact(contactId).query({ purpose: 'data-quality' }).expect(200);
      const event = await onlyEvent({ resourceType: 'contact', resourceId: contactId });
      expect(event.purpose).toBe('data-quality');
      const wrong = await readContact(randomUUID()).query({ purpose: 'curiosity' });
      expectProblemNaming(wrong, 400, 'purpose');
    });

    it('honours DATA_ACCESS_PURPOSES: a custom purpose works, a default one left out does not', async () => {
      expect(subject.config.dataAccessPurposes).toEqual(PURPOSES);
      const contactId = await dataSubject();
      await readContact(contactId).set('X-Purpose', 'fraud-review').expect(200);
      expect((await onlyEvent({ resourceType: 'contact', resourceId: contactId })).purpose).toBe('fraud-review');
      for (const leftOut of ['security-investigation', 'survey-administration']) {
        expectProblemNaming(await readContact(randomUUID()).set('X-Purpose', leftOut), 400, 'purpose');
      }
    });

    it('admits only the roles of the route, whatever the purpose', async () => {
      const contactId = await dataSubject();
      await readContact(contactId, officerToken).set('X-Purpose', 'privacy-request').expect(200);
      expect(await onlyEvent({ resourceType: 'contact', resourceId: contactId })).toMatchObject({
        actorId: officer.user.id,
        purpose: 'privacy-request',
      });
      await readContact(randomUUID(), managerToken).set('X-Purpose', 'survey-analysis').expect(403);
      await readContact(randomUUID(), adminToken).set('X-Purpose', 'survey-analysis').expect(403);
      await http.get(`/api/v1/probe/contacts/${randomUUID()}`).set('X-Purpose', 'survey-analysis').expect(401);
      await http
        .get(`/api/v1/probe/contacts/${randomUUID()}`)
        .set('X-API-Key', apiKey.secret)
        .set('X-Purpose', 'survey-analysis')
        .expect(403);
    });
  });

  describe('GET /audit-events', () => {
    it('is for privacy officers and administrators only', async () => {
      for (const token of [analystToken, managerToken]) {
        const refused = await answered(as(token).GET('/api/v1/audit-events'), 403);
        expect(refused.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        await answered(as(token).GET('/api/v1/audit-events/verify'), 403);
      }
      for (const token of [officerToken, adminToken]) {
        await answered(as(token).GET('/api/v1/audit-events'), 200);
        await answered(as(token).GET('/api/v1/audit-events/verify'), 200);
      }
      await answered(subject.api().GET('/api/v1/audit-events'), 401);
      await answered(subject.api({ apiKey: apiKey.secret }).GET('/api/v1/audit-events'), 403);
    });

    it('lists the actions it records, for a filter chosen from a list, to its readers only', async () => {
      const { actions } = await dataOf(as(officerToken).GET('/api/v1/audit-events/actions'));
      expect(actions).toEqual(expect.arrayContaining(['auth.login', 'user.created', 'report.deleted']));
      expect(actions).toEqual([...actions].sort());
      await answered(as(analystToken).GET('/api/v1/audit-events/actions'), 403);
    });

    it('names no one for events of API keys, the system or anonymous callers', async () => {
      const page = await listEvents({ actorType: 'anonymous' });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((event) => event.actorName === null)).toBe(true);
    });

    it('pages newest first with page, limit, total and hasNextPage', async () => {
      for (let index = 0; index < 25; index += 1) {
        await audit.record({ action: 'test.paged', resourceType: 'probe_item', resourceId: `item-${index}` });
      }
      const first = await listEvents({ action: 'test.paged', limit: 10 });
      expect(first.meta).toEqual({ page: 1, limit: 10, total: 25, hasNextPage: true });
      expect(first.items.map((event) => event.resourceId)).toEqual(
        Array.from({ length: 10 }, (_, i) => `item-${24 - i}`),
      );
      const second = await listEvents({ action: 'test.paged', limit: 10, page: 2 });
      expect(second.meta).toEqual({ page: 2, limit: 10, total: 25, hasNextPage: true });
      const third = await listEvents({ action: 'test.paged', limit: 10, page: 3 });
      expect(third.meta).toEqual({ page: 3, limit: 10, total: 25, hasNextPage: false });
      expect(third.items.map((event) => event.resourceId)).toEqual(['item-4', 'item-3', 'item-2', 'item-1', 'item-0']);

      const seqs = [...first.items, ...second.items, ...third.items].map((event) => event.seq);
      expect(new Set(seqs).size).toBe(25);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

      const beyond = await listEvents({ action: 'test.paged', limit: 10, page: 4 });
      expect(beyond).toEqual({ items: [], meta: { page: 4, limit: 10, total: 25, hasNextPage: false } });
      const defaults = await listEvents({ action: 'test.paged' });
      expect(defaults.meta).toEqual({ page: 1, limit: 20, total: 25, hasNextPage: true });
      expect(defaults.items).toHaveLength(20);
    });

    it('lists the whole log newest first', async () => {
      const page = await listEvents({ limit: 100 }, adminToken);
      expect(page.meta.total).toBe(await eventCount());
      expect(page.items[0].seq).toBe(page.meta.total);
      const seqs = page.items.map((event) => event.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    });

    it('filters by action, actor, resource and outcome, all together', async () => {
      const byAction = await listEvents({ action: 'contact.read', limit: 100 });
      expect(byAction.meta.total).toBeGreaterThanOrEqual(4);
      expect(byAction.items.every((event) => event.action === 'contact.read')).toBe(true);

      const byActor = await listEvents({ actorId: analyst.user.id, limit: 100 });
      expect(byActor.items.every((event) => event.actorId === analyst.user.id)).toBe(true);
      expect(byActor.items.map((event) => event.action)).toEqual(
        expect.arrayContaining(['auth.login', 'contact.read']),
      );

      const anonymous = await listEvents({ actorType: 'anonymous' });
      expect(anonymous.meta.total).toBeGreaterThanOrEqual(1);
      expect(anonymous.items.every((event) => event.actorType === 'anonymous')).toBe(true);

      const byType = await listEvents({ resourceType: 'api_key', limit: 100 });
      expect(byType.meta.total).toBeGreaterThanOrEqual(1);
      expect(byType.items.every((event) => event.resourceType === 'api_key')).toBe(true);

      const byResource = await listEvents({ resourceType: 'api_key', resourceId: apiKey.id });
      expect(byResource.items.map((event) => event.action)).toEqual(['api_key.created']);

      const failures = await listEvents({ outcome: 'failure', limit: 100 });
      expect(failures.meta.total).toBeGreaterThanOrEqual(2);
      expect(failures.items.every((event) => event.outcome === 'failure')).toBe(true);

      const combined = await listEvents({ action: 'auth.login', outcome: 'failure', actorId: analyst.user.id });
      expect(combined.meta.total).toBe(1);
      expect((await listEvents({ action: 'contact.read', outcome: 'failure' })).meta.total).toBe(0);
      expect((await listEvents({ actorId: randomUUID() })).meta.total).toBe(0);
    });

    it('filters by time: from is inclusive, to is exclusive', async () => {
      const times = ['2021-03-01T10:00:00.000Z', '2021-03-02T10:00:00.000Z', '2021-03-03T10:00:00.000Z'];
      const now = jest.spyOn(subject.app.get(Clock), 'now');
      try {
        for (const [index, at] of times.entries()) {
          now.mockImplementation(() => new Date(at));
          await audit.record({ action: 'test.timed', resourceType: 'probe_item', resourceId: `timed-${index}` });
        }
      } finally {
        now.mockRestore();
      }
      const ids = async (query: Query) =>
        (await listEvents({ action: 'test.timed', ...query })).items.map((event) => event.resourceId);
      expect(await ids({})).toEqual(['timed-2', 'timed-1', 'timed-0']);
      expect(await ids({ from: times[1] })).toEqual(['timed-2', 'timed-1']);
      expect(await ids({ to: times[1] })).toEqual(['timed-0']);
      expect(await ids({ from: times[0], to: times[2] })).toEqual(['timed-1', 'timed-0']);
      expect(await ids({ from: '2021-03-02T00:00:00+02:00', to: '2021-03-02T23:59:59Z' })).toEqual(['timed-1']);
      expect(await ids({ from: '2030-01-01T00:00:00Z' })).toEqual([]);
      expect((await onlyEvent({ action: 'test.timed', resourceId: 'timed-1' })).occurredAt).toBe(times[1]);
    });

    it.each([
      ['actorType', { actorType: 'robot' }],
      ['outcome', { outcome: 'maybe' }],
      ['from', { from: 'not-a-date' }],
      ['to', { to: 'yesterday' }],
      ['action', { action: 'DROP TABLE audit_events' }],
      ['resourceType', { resourceType: 'Contact;' }],
      ['actorId', { actorId: 'x'.repeat(65) }],
      ['page', { page: 0 }],
      ['limit', { limit: 101 }],
      ['unknownFilter', { unknownFilter: 'x' }],
    ])('refuses a bad %s filter with a 400 naming it', async (field, query: object) => {
      const { error, response } = await answered(list(query as Query), 400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(error?.status).toBe(400);
      expect(error?.errors?.map((e) => e.field)).toContain(field);
    });
  });

  describe('personal values', () => {
    it('holds none: no e-mail address, password, token or API key secret in any event', async () => {
      await http.get(`/api/v1/probe/surveys/${randomUUID()}/responses`).set('X-API-Key', apiKey.secret).expect(403);
      const rows = await dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM audit_events ORDER BY seq');
      expect(rows.length).toBeGreaterThan(20);
      const actions = new Set(rows.map((row) => row.action));
      for (const action of ['user.created', 'auth.login', 'auth.mfa_enabled', 'contact.read', 'api_key.created']) {
        expect(actions).toContain(action);
      }
      const text = JSON.stringify(rows);
      const forbidden = secrets.filter((secret) => secret.length >= 8);
      expect(forbidden.length).toBeGreaterThan(15);
      for (const secret of forbidden) expect(text).not.toContain(secret);
      expect(text).not.toMatch(EMAIL_LIKE);

      // Nor does the application log carry any of them.
      const logText = subject.log.text;
      for (const secret of forbidden) expect(logText).not.toContain(secret);
    });
  });
});
