import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { components } from '@survey/api-client';
import { chainHash } from '../src/audit/audit-chain';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { AuditService } from '../src/audit/audit.service';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { KeystoreService } from '../src/crypto/keystore.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { ProbeModule } from './utils/probe.module';
import { newApiKey, newStaff, sessionFor, TEST_PASSWORD, TestApiKey, TestStaff } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];
type AuditEventDto = components['schemas']['AuditEventDto'];
type Verification = components['schemas']['AuditVerificationDto'];
type StaffUserDto = components['schemas']['StaffUserDto'];
type TokensDto = components['schemas']['TokensDto'];
interface AuditPage {
  items: AuditEventDto[];
  meta: components['schemas']['PageMetaDto'];
}
type Query = Record<string, string | number>;

/** A custom list: two of the defaults left out, one purpose that is not a default. */
const PURPOSES = ['survey-analysis', 'data-quality', 'privacy-request', 'fraud-review'];
const NEW_USER_PASSWORD = 'a brand new staff password 42';
const WRONG_PASSWORD = 'definitely-not-the-password';
const EMAIL_LIKE = /[^\s@"]+@[^\s@"]+\.[^\s@"]+/;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the audit log', () => {
  let db: TestDatabase;
  let subject: TestApp;
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

  async function listEvents(query: Query, token = officerToken): Promise<AuditPage> {
    const res = await http.get('/api/v1/audit-events').query(query).set(bearer(token)).expect(200);
    return res.body as AuditPage;
  }

  async function onlyEvent(query: Query): Promise<AuditEventDto> {
    const page = await listEvents(query);
    expect(page.items).toHaveLength(1);
    return page.items[0];
  }

  async function verify(token = officerToken): Promise<Verification> {
    const res = await http.get('/api/v1/audit-events/verify').set(bearer(token)).expect(200);
    return res.body as Verification;
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
      const res = await http
        .post('/api/v1/users')
        .set(bearer(adminToken))
        .send({ email, displayName: 'New Analyst', role: 'analyst', password: NEW_USER_PASSWORD })
        .expect(201);
      const after = Date.now();
      const created = res.body as StaffUserDto;

      const event = await onlyEvent({ action: 'user.created', resourceId: created.id });
      expect(event).toMatchObject({
        actorType: 'staff',
        actorId: admin.user.id,
        action: 'user.created',
        resourceType: 'staff_user',
        resourceId: created.id,
        outcome: 'success',
        purpose: null,
        requestId: res.headers['x-request-id'],
        details: { role: 'analyst' },
      });
      expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(after);
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(event)).not.toContain(email);
    });

    it('records a failed login of a known account as a failure, without the e-mail address', async () => {
      const res = await http
        .post('/api/v1/auth/login')
        .send({ email: analyst.email, password: WRONG_PASSWORD })
        .expect(401);
      const event = await onlyEvent({ action: 'auth.login', outcome: 'failure', actorId: analyst.user.id });
      expect(event).toMatchObject({
        actorType: 'staff',
        actorId: analyst.user.id,
        resourceType: 'staff_session',
        resourceId: null,
        outcome: 'failure',
        requestId: res.headers['x-request-id'],
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
      const res = await http.post('/api/v1/auth/login').send({ email, password: WRONG_PASSWORD }).expect(401);
      const page = await listEvents({ action: 'auth.login', outcome: 'failure', actorType: 'anonymous' });
      const event = page.items.find((item) => item.requestId === res.headers['x-request-id']);
      expect(event).toMatchObject({ actorType: 'anonymous', actorId: null, details: { reason: 'unknown_account' } });
      expect(JSON.stringify(event)).not.toContain(email);
      expect(JSON.stringify(event)).not.toMatch(EMAIL_LIKE);
    });

    it('records a successful HTTP login with the staff member as actor', async () => {
      const res = await http
        .post('/api/v1/auth/login')
        .send({ email: analyst.email, password: TEST_PASSWORD })
        .expect(200);
      const tokens = res.body as TokensDto;
      secrets.push(tokens.accessToken, tokens.refreshToken);
      const page = await listEvents({ action: 'auth.login', outcome: 'success', actorId: analyst.user.id });
      const event = page.items.find((item) => item.requestId === res.headers['x-request-id']);
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
        const list = await http.get('/api/v1/audit-events').set(bearer(token)).expect(403);
        expect(list.headers['content-type']).toMatch(/^application\/problem\+json/);
        await http.get('/api/v1/audit-events/verify').set(bearer(token)).expect(403);
      }
      for (const token of [officerToken, adminToken]) {
        await http.get('/api/v1/audit-events').set(bearer(token)).expect(200);
        await http.get('/api/v1/audit-events/verify').set(bearer(token)).expect(200);
      }
      await http.get('/api/v1/audit-events').expect(401);
      await http.get('/api/v1/audit-events').set('X-API-Key', apiKey.secret).expect(403);
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
    ])('refuses a bad %s filter with a 400 naming it', async (field, query: Query) => {
      const res = await http.get('/api/v1/audit-events').query(query).set(bearer(officerToken));
      expectProblemNaming(res, 400, field);
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

  describe('concurrent appends', () => {
    it('numbers 50 parallel appends without gaps and keeps the chain valid', async () => {
      const before = await eventCount();
      const appends = Array.from({ length: 50 }, (_, index) =>
        audit.record({ action: 'test.concurrent', resourceType: 'probe_item', resourceId: `c-${index}` }),
      );
      // A verification running meanwhile sees one consistent snapshot of events and chain head.
      const [during] = await Promise.all([Promise.all([verify(), verify()]), Promise.all(appends)]);
      for (const verification of during) expect(verification).toMatchObject({ valid: true, firstBrokenSeq: null });
      const rows = await dataSource.query<Array<{ seq: string; resource_id: string; action: string }>>(
        'SELECT seq, resource_id, action FROM audit_events ORDER BY seq',
      );
      expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: before + 50 }, (_, i) => i + 1));
      const concurrent = rows.filter((row) => row.action === 'test.concurrent');
      expect(concurrent.map((row) => Number(row.seq)).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => before + i + 1),
      );
      expect(new Set(concurrent.map((row) => row.resource_id)).size).toBe(50);
      const [head] = await dataSource.query<Array<{ last_seq: string }>>('SELECT last_seq FROM audit_chain_head');
      expect(Number(head.last_seq)).toBe(before + 50);
      expect(await verify()).toEqual({
        valid: true,
        checkedEvents: before + 50,
        lastSeq: before + 50,
        firstBrokenSeq: null,
        reason: null,
      });
    });
  });

  describe('tamper evidence', () => {
    const TRIGGER = 'audit_events_no_update_or_delete';
    /** The table owner, acting outside the application, as an attacker with database access would. */
    let owner: Client;
    let targets: number[];
    let total: number;

    beforeAll(async () => {
      for (let index = 0; index < 10; index += 1) {
        await audit.record({ action: 'test.tamper', resourceType: 'probe_item', resourceId: `t-${index}` });
      }
      for (let index = 0; index < 3; index += 1) {
        await audit.record({ action: 'test.tail', resourceType: 'probe_item', resourceId: `tail-${index}` });
      }
      const rows = await dataSource.query<Array<{ seq: string }>>(
        `SELECT seq FROM audit_events WHERE action = 'test.tamper' ORDER BY seq`,
      );
      targets = rows.map((row) => Number(row.seq));
      total = await eventCount();
      owner = new Client({ connectionString: db.url });
      await owner.connect();
    });

    afterAll(async () => {
      await owner?.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
      await owner?.end();
    });

    it('verifies the untouched log as valid, every event checked', async () => {
      expect(await verify()).toEqual({
        valid: true,
        checkedEvents: total,
        lastSeq: total,
        firstBrokenSeq: null,
        reason: null,
      });
      expect((await verify(adminToken)).valid).toBe(true);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit events through the application connection', async () => {
      await expect(
        dataSource.query(`UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`, [targets[0]]),
      ).rejects.toThrow('audit_events is append-only: UPDATE refused');
      await expect(
        dataSource.getRepository(AuditEvent).update({ seq: String(targets[0]) }, { details: { forged: true } }),
      ).rejects.toThrow('append-only');
      await expect(dataSource.query('DELETE FROM audit_events WHERE seq = $1', [targets[0]])).rejects.toThrow(
        'audit_events is append-only: DELETE refused',
      );
      await expect(dataSource.query('TRUNCATE audit_events')).rejects.toThrow(
        'audit_events is append-only: TRUNCATE refused',
      );
      expect(await eventCount()).toBe(total);
      expect((await verify()).valid).toBe(true);
    });

    describe('with the trigger disabled by the table owner', () => {
      beforeAll(async () => {
        await owner.query('CREATE TEMP TABLE original_events AS SELECT * FROM audit_events');
        await owner.query('CREATE TEMP TABLE original_head AS SELECT * FROM audit_chain_head');
        await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
      });

      /** Puts every event and the chain head back as they were, and checks the chain is whole again. */
      afterEach(async () => {
        await owner.query('BEGIN');
        await owner.query('DELETE FROM audit_events');
        await owner.query('INSERT INTO audit_events SELECT * FROM original_events');
        await owner.query(
          'UPDATE audit_chain_head AS head SET last_seq = saved.last_seq, last_hash = saved.last_hash FROM original_head saved WHERE head.id = saved.id',
        );
        await owner.query('COMMIT');
        expect(await verify()).toMatchObject({ valid: true, checkedEvents: total });
      });

      it.each([
        ['details', `UPDATE audit_events SET details = details || '{"tampered": true}'::jsonb WHERE seq = $1`],
        ['action', `UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`],
        ['actor', `UPDATE audit_events SET actor_type = 'staff', actor_id = 'someone-else' WHERE seq = $1`],
        ['time', `UPDATE audit_events SET occurred_at = occurred_at - interval '1 day' WHERE seq = $1`],
        ['outcome', `UPDATE audit_events SET outcome = 'failure' WHERE seq = $1`],
        ['purpose', `UPDATE audit_events SET purpose = 'survey-analysis' WHERE seq = $1`],
        ['resource', `UPDATE audit_events SET resource_id = 't-forged' WHERE seq = $1`],
      ])('reports an event whose %s was changed, at its seq', async (_what, statement) => {
        const target = targets[4];
        const result = await owner.query(statement, [target]);
        expect(result.rowCount).toBe(1);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: target - 1,
          lastSeq: target - 1,
          firstBrokenSeq: target,
          reason: 'content no longer matches its hash',
        });
      });

      it('reports an event deleted from the middle as a gap at its seq', async () => {
        const target = targets[4];
        await owner.query('DELETE FROM audit_events WHERE seq = $1', [target]);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: target - 1,
          lastSeq: target - 1,
          firstBrokenSeq: target,
          reason: 'event missing: the sequence has a gap',
        });
      });

      it('reports the next event when the tampered event has its own hash recomputed', async () => {
        const target = targets[4];
        await owner.query(`UPDATE audit_events SET details = '{"forged": true}'::jsonb WHERE seq = $1`, [target]);
        const forged = await dataSource.getRepository(AuditEvent).findOneByOrFail({ seq: String(target) });
        await owner.query('UPDATE audit_events SET hash = $1 WHERE seq = $2', [
          chainHash(forged.prevHash, forged),
          target,
        ]);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: target,
          lastSeq: target,
          firstBrokenSeq: target + 1,
          reason: 'prev_hash is not the hash of the previous event',
        });
      });

      it('reports a deleted last event through the chain head', async () => {
        await owner.query('DELETE FROM audit_events WHERE seq = $1', [total]);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: total - 1,
          lastSeq: total - 1,
          firstBrokenSeq: total,
          reason: 'the chain head does not match the last event: events were removed at the end',
        });
      });

      it('reports a rewritten tail (every later hash recomputed) through the chain head', async () => {
        const target = targets[4];
        await owner.query(`UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`, [target]);
        const repository = dataSource.getRepository(AuditEvent);
        let prevHash = (await repository.findOneByOrFail({ seq: String(target - 1) })).hash;
        for (let seq = target; seq <= total; seq += 1) {
          const event = await repository.findOneByOrFail({ seq: String(seq) });
          const hash = chainHash(prevHash, event);
          await owner.query('UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE seq = $3', [prevHash, hash, seq]);
          prevHash = hash;
        }
        const verification = await verify();
        expect(verification).toMatchObject({ valid: false, checkedEvents: total });
        expect(verification.reason).toContain('chain head');
      });
    });

    it('refuses tampering again once the trigger is back on', async () => {
      await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
      await expect(
        dataSource.query(`UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`, [targets[0]]),
      ).rejects.toThrow('append-only');
      await expect(owner.query('DELETE FROM audit_events WHERE seq = $1', [total])).rejects.toThrow('append-only');
      expect(await verify()).toMatchObject({ valid: true, checkedEvents: total, firstBrokenSeq: null });
    });
  });
});
