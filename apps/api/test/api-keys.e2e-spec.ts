import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ProblemType, type components, type paths, type Problem } from '@survey/api-client';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { ProbeModule } from './utils/probe.module';
import { newApiKey, newStaff, sessionFor, TestStaff } from './utils/staff';

type CreatedApiKeyDto = components['schemas']['CreatedApiKeyDto'];
type CreateApiKeyDto = components['schemas']['CreateApiKeyDto'];
type AuditEventQuery = NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>;
type ApiKeyListQuery = NonNullable<paths['/api/v1/api-keys']['get']['parameters']['query']>;
/** A stored key as the database holds it. */
interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  survey_ids: string[];
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_by: string | null;
  created_at: Date;
}

const DAY_MS = 24 * 3600 * 1000;
const KEY_FORMAT = /^svk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/;
const API_KEY_FIELDS = [
  'createdAt',
  'createdBy',
  'expiresAt',
  'id',
  'lastUsedAt',
  'name',
  'prefix',
  'revokedAt',
  'scopes',
  'status',
  'surveyIds',
];

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
/** The random part of a key, after `svk_<prefix>_`. */
const randomPart = (secret: string) => secret.slice('svk_'.length + 12 + 1);
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
/** One calendar year from now (365 or 366 days), moved by `offsetMs`. */
function inOneYear(offsetMs: number): string {
  const at = new Date();
  at.setUTCFullYear(at.getUTCFullYear() + 1);
  return new Date(at.getTime() + offsetMs).toISOString();
}

describe('API keys', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let http: ReturnType<typeof request>;
  let dataSource: DataSource;

  let admin: TestStaff;
  let adminToken: string;
  let officerToken: string;
  let analystToken: string;
  let managerToken: string;
  const surveyA = randomUUID();
  const surveyB = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({ databaseUrl: db.url, imports: [ProbeModule] });
    http = request(subject.app.getHttpServer());
    dataSource = subject.app.get(DataSource);
    admin = await newStaff(subject.app, StaffRole.Admin);
    adminToken = await sessionFor(subject.app, admin);
    officerToken = await sessionFor(subject.app, await newStaff(subject.app, StaffRole.PrivacyOfficer));
    analystToken = await sessionFor(subject.app, await newStaff(subject.app, StaffRole.Analyst));
    managerToken = await sessionFor(subject.app, await newStaff(subject.app, StaffRole.Management));
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  function validBody(overrides: Partial<CreateApiKeyDto> = {}): CreateApiKeyDto {
    return {
      name: 'Provider upload, 2027 wave',
      scopes: ['responses:read', 'responses:write'],
      surveyIds: [surveyA],
      expiresAt: inDays(30),
      ...overrides,
    };
  }

  const as = (token: string) => subject.api({ staff: token });
  const create = (body: Partial<CreateApiKeyDto>, token = adminToken) =>
    as(token).POST('/api/v1/api-keys', { body: body as CreateApiKeyDto });
  const byId = (id: string) => ({ params: { path: { id } } });
  const getKey = (id: string) => as(adminToken).GET('/api/v1/api-keys/{id}', byId(id));
  const revoke = (id: string, token = adminToken) => as(token).POST('/api/v1/api-keys/{id}/revoke', byId(id));

  async function createKey(body: Partial<CreateApiKeyDto> = validBody()): Promise<CreatedApiKeyDto> {
    return dataOf(create(body), 201);
  }

  async function keyRow(id: string): Promise<ApiKeyRow> {
    const [row] = await dataSource.query<ApiKeyRow[]>('SELECT * FROM api_keys WHERE id = $1', [id]);
    return row;
  }

  async function counts(): Promise<{ keys: number; events: number }> {
    const [row] = await dataSource.query<Array<{ keys: string; events: string }>>(
      `SELECT (SELECT count(*) FROM api_keys) AS keys,
              (SELECT count(*) FROM audit_events WHERE action LIKE 'api_key.%') AS events`,
    );
    return { keys: Number(row.keys), events: Number(row.events) };
  }

  async function auditEvents(query: AuditEventQuery) {
    return (await dataOf(as(officerToken).GET('/api/v1/audit-events', { params: { query } }))).items;
  }

  /** Raw: the probe routes are test-only (ProbeModule), outside the spec the typed client is made from. */
  function probe(surveyId: string, secret: string) {
    return http.get(`/api/v1/probe/surveys/${surveyId}/responses`).set('X-API-Key', secret);
  }

  /** A raw answer that is a problem document with this status. */
  function expectProblem(res: request.Response, status: number): Problem {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.body as Problem;
    expect(problem.status).toBe(status);
    return problem;
  }

  /** A typed client's answer that is a problem document with this status. */
  async function refused(call: Promise<{ response: Response; error?: unknown }>, status: number): Promise<Problem> {
    const { response, error } = await answered(call, status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = error as Problem;
    expect(problem.status).toBe(status);
    return problem;
  }

  async function refusedNaming(call: Promise<{ response: Response; error?: unknown }>, field: string): Promise<void> {
    const problem = await refused(call, 400);
    expect(problem.errors?.map((error) => error.field)).toContain(field);
  }

  describe('creating a key', () => {
    it('answers 201 with the secret shown once, and only its hash is stored', async () => {
      const body = validBody();
      const created = await createKey(body);
      const { apiKey, secret } = created;
      expect(secret).toMatch(KEY_FORMAT);
      expect(Object.keys(apiKey).sort()).toEqual(API_KEY_FIELDS);
      expect(apiKey).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: body.name,
        prefix: secret.slice(0, 'svk_'.length + 12),
        scopes: body.scopes,
        surveyIds: body.surveyIds,
        status: 'active',
        expiresAt: body.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        createdBy: admin.user.id,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });

      const fetched = await dataOf(getKey(apiKey.id));
      expect(fetched).toEqual(apiKey);
      const list = await dataOf(as(adminToken).GET('/api/v1/api-keys'));
      const listed = list.items.find((item) => item.id === apiKey.id);
      expect(listed).toEqual(apiKey);
      for (const text of [JSON.stringify(fetched), JSON.stringify(list)]) {
        expect(text).not.toContain(randomPart(secret));
        expect(text).not.toContain(sha256Hex(secret));
        expect(text).not.toMatch(/secret/i);
      }

      const row = await keyRow(apiKey.id);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.secret_hash).toBe(sha256Hex(secret));
      expect(row.prefix).toBe(secret.slice(4, 16));
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(randomPart(secret));
      expect(stored).not.toContain(Buffer.from(randomPart(secret), 'base64url').toString('hex'));
    });

    it('gives every key its own prefix and secret', async () => {
      const first = await createKey();
      const second = await createKey();
      expect(first.apiKey.prefix).not.toBe(second.apiKey.prefix);
      expect(randomPart(first.secret)).not.toBe(randomPart(second.secret));
    });

    it('accepts an expiry just under a year away', async () => {
      const created = await createKey(validBody({ expiresAt: inOneYear(-60_000) }));
      expect(created.apiKey.status).toBe('active');
    });

    it('refuses an expiry a few hours more than a year away', async () => {
      const before = await counts();
      await refusedNaming(create(validBody({ expiresAt: inOneYear(6 * 3600 * 1000) })), 'expiresAt');
      expect(await counts()).toEqual(before);
    });

    it('answers and audits survey ids as they are stored (UUIDs are case-insensitive)', async () => {
      const { apiKey } = await createKey(validBody({ surveyIds: [surveyB.toUpperCase()] }));
      const fetched = await dataOf(getKey(apiKey.id));
      expect(fetched.surveyIds).toEqual([surveyB]);
      expect(apiKey).toEqual(fetched);
      const [created] = await auditEvents({ action: 'api_key.created', resourceId: apiKey.id });
      expect(created.details.surveyIds).toEqual([surveyB]);
    });

    it('refuses the same survey twice, whatever the case of its id, and writes nothing', async () => {
      const before = await counts();
      await refusedNaming(create(validBody({ surveyIds: [surveyB, surveyB.toUpperCase()] })), 'surveyIds');
      expect(await counts()).toEqual(before);
    });

    const { name: _name, ...withoutName } = validBody();
    it.each<[string, string, Record<string, unknown>]>([
      ['an unknown scope', 'scopes', { scopes: ['responses:delete'] }],
      ['no scopes', 'scopes', { scopes: [] }],
      ['a repeated scope', 'scopes', { scopes: ['responses:read', 'responses:read'] }],
      ['a survey id that is not a UUID', 'surveyIds', { surveyIds: ['survey-1'] }],
      ['no survey ids', 'surveyIds', { surveyIds: [] }],
      ['an expiry in the past', 'expiresAt', { expiresAt: inDays(-1) }],
      ['an expiry more than a year away', 'expiresAt', { expiresAt: inDays(400) }],
      ['an expiry that is not a date', 'expiresAt', { expiresAt: 'next spring' }],
      ['an empty name', 'name', { name: '' }],
      ['a stored field set by the client', 'secretHash', { secretHash: 'a'.repeat(64) }],
    ])('refuses %s with a 400 naming %s, and writes nothing', async (_case, field, change) => {
      const before = await counts();
      await refusedNaming(create({ ...validBody(), ...change }), field);
      expect(await counts()).toEqual(before);
    });

    it('refuses a key without a name, and writes nothing', async () => {
      const before = await counts();
      await refusedNaming(create(withoutName), 'name');
      expect(await counts()).toEqual(before);
    });

    it('is for administrators only', async () => {
      const before = await counts();
      for (const token of [analystToken, officerToken, managerToken]) {
        await refused(create(validBody(), token), 403);
        await answered(as(token).GET('/api/v1/api-keys'), 403);
      }
      await refused(subject.api().POST('/api/v1/api-keys', { body: validBody() }), 401);
      expect(await counts()).toEqual(before);
    });
  });

  describe('using a key', () => {
    let readKey: CreatedApiKeyDto;

    beforeAll(async () => {
      readKey = await createKey(validBody({ scopes: ['responses:read'], surveyIds: [surveyA] }));
    });

    it('reaches the survey it is bound to, and records when it was last used', async () => {
      expect((await keyRow(readKey.apiKey.id)).last_used_at).toBeNull();
      const before = Date.now();
      const res = await probe(surveyA, readKey.secret).expect(200);
      expect(res.body).toEqual({ surveyId: surveyA, caller: 'api_key' });
      const lastUsed = (await keyRow(readKey.apiKey.id)).last_used_at ?? new Date(0);
      expect(lastUsed.getTime()).toBeGreaterThanOrEqual(before);
      expect(lastUsed.getTime()).toBeLessThanOrEqual(Date.now());
      const fetched = await dataOf(getKey(readKey.apiKey.id));
      expect(fetched.lastUsedAt).toBe(lastUsed.toISOString());
      await probe(surveyA.toUpperCase(), readKey.secret).expect(200);
    });

    it('reaches no other survey and nothing beyond its scopes', async () => {
      // Raw: the probe routes are test-only, outside the spec.
      expectProblem(await probe(surveyB, readKey.secret), 403);
      expectProblem(
        await http.post(`/api/v1/probe/surveys/${surveyA}/responses`).set('X-API-Key', readKey.secret).send({}),
        403,
      );
      expectProblem(
        await http.get(`/api/v1/probe/surveys/${surveyA}/statistics`).set('X-API-Key', readKey.secret),
        403,
      );
    });

    it('reaches no staff route', async () => {
      const key = subject.api({ apiKey: readKey.secret });
      const attempts = [
        () => key.GET('/api/v1/users'),
        () => key.GET('/api/v1/auth/me'),
        () => key.GET('/api/v1/api-keys'),
        () => key.POST('/api/v1/api-keys', { body: validBody() }),
        () => key.POST('/api/v1/api-keys/{id}/revoke', byId(readKey.apiKey.id)),
        () => key.GET('/api/v1/audit-events'),
      ];
      for (const attempt of attempts) {
        const { response } = await attempt();
        expect([401, 403]).toContain(response.status);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      // Raw: a test-only route (ProbeModule), outside the spec.
      const probed = await http
        .get(`/api/v1/probe/contacts/${randomUUID()}`)
        .set('X-Purpose', 'survey-analysis')
        .set('X-API-Key', readKey.secret);
      expect([401, 403]).toContain(probed.status);
      expect(probed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await keyRow(readKey.apiKey.id)).revoked_at).toBeNull();
    });

    it('refuses a malformed key, a wrong secret and an unknown prefix with 401', async () => {
      const { secret } = readKey;
      const prefix = secret.slice(4, 16);
      const presented = [
        'not-a-key',
        '',
        `Bearer ${secret}`,
        `${secret}x`,
        secret.slice(0, -1),
        secret.toUpperCase(),
        `svk_${prefix}_${randomBytes(32).toString('base64url')}`,
        `svk_${prefix}_${'A'.repeat(43)}`,
        `svk_${'z'.repeat(12)}_${randomPart(secret)}`,
        `svk_${'0'.repeat(12)}_${randomBytes(32).toString('base64url')}`,
      ];
      for (const value of presented) {
        const problem = expectProblem(await probe(surveyA, value), 401);
        expect(problem.type).toBe(ProblemType.InvalidApiKey);
        expect(JSON.stringify(problem)).not.toContain(randomPart(secret));
      }
    });

    it('does not mark a key used when its prefix comes with a wrong secret', async () => {
      const fresh = await createKey();
      const forged = `svk_${fresh.secret.slice(4, 16)}_${randomBytes(32).toString('base64url')}`;
      expectProblem(await probe(surveyA, forged), 401);
      expect((await keyRow(fresh.apiKey.id)).last_used_at).toBeNull();
    });

    it('refuses a request with both a bearer token and an API key with 400', async () => {
      const res = await probe(surveyA, readKey.secret).set(bearer(adminToken));
      expectProblem(res, 400);
      await refused(as(adminToken).GET('/api/v1/auth/me', { headers: { 'X-API-Key': readKey.secret } }), 400);
    });

    it('asks for a credential when none is sent, and refuses staff tokens on key-only routes', async () => {
      // Raw: the probe routes are test-only, outside the spec.
      const res = await http.get(`/api/v1/probe/surveys/${surveyA}/responses`);
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('ApiKey');
      expectProblem(await http.get(`/api/v1/probe/surveys/${surveyA}/responses`).set(bearer(adminToken)), 403);
    });
  });

  describe('revoking and expiry', () => {
    it('revokes a key, which stops working at once; a second revoke is a conflict', async () => {
      const { apiKey, secret } = await createKey();
      await probe(surveyA, secret).expect(200);
      const revoked = await dataOf(revoke(apiKey.id));
      expect(revoked).toMatchObject({ id: apiKey.id, status: 'revoked' });
      expect(Date.parse(revoked.revokedAt ?? '')).toBeLessThanOrEqual(Date.now());
      expect(JSON.stringify(revoked)).not.toContain(randomPart(secret));

      const refusedKey = expectProblem(await probe(surveyA, secret), 401);
      expect(refusedKey.type).toBe(ProblemType.InvalidApiKey);
      await refused(revoke(apiKey.id), 409);
      expect(await dataOf(getKey(apiKey.id))).toEqual(revoked);
    });

    it('answers 404 for an unknown key and 400 naming id for a malformed one', async () => {
      await refused(revoke(randomUUID()), 404);
      await refused(getKey(randomUUID()), 404);
      await refusedNaming(revoke('not-a-uuid'), 'id');
      await refusedNaming(getKey('not-a-uuid'), 'id');
    });

    it('lets only administrators revoke', async () => {
      const { apiKey, secret } = await createKey();
      for (const token of [analystToken, officerToken, managerToken]) {
        await refused(revoke(apiKey.id, token), 403);
      }
      await probe(surveyA, secret).expect(200);
    });

    it('refuses an expired key and a revoked key with 401', async () => {
      const expired = await newApiKey(subject.app, admin, [ApiKeyScope.ResponsesRead], [surveyA], { expired: true });
      const revoked = await newApiKey(subject.app, admin, [ApiKeyScope.ResponsesRead], [surveyA], { revoked: true });
      for (const key of [expired, revoked]) {
        const problem = expectProblem(await probe(surveyA, key.secret), 401);
        expect(problem.type).toBe(ProblemType.InvalidApiKey);
      }
    });

    it('lists keys by status', async () => {
      const active = await newApiKey(subject.app, admin, [ApiKeyScope.ResponsesRead], [surveyA]);
      const expired = await newApiKey(subject.app, admin, [ApiKeyScope.ResponsesRead], [surveyA], { expired: true });
      const revoked = await newApiKey(subject.app, admin, [ApiKeyScope.ResponsesRead], [surveyA], { revoked: true });
      const [total] = await dataSource.query<Array<{ count: string }>>('SELECT count(*) AS count FROM api_keys');

      const list = (query: ApiKeyListQuery) => as(adminToken).GET('/api/v1/api-keys', { params: { query } });
      const listed = (query: ApiKeyListQuery) => dataOf(list(query));
      const all = await listed({ limit: 100 });
      expect(all.meta).toEqual({ page: 1, limit: 100, total: Number(total.count), hasNextPage: false });
      let sum = 0;
      for (const [status, key] of [
        ['active', active],
        ['expired', expired],
        ['revoked', revoked],
      ] as const) {
        const page = await listed({ status, limit: 100 });
        expect(page.items.every((item) => item.status === status)).toBe(true);
        expect(page.items.map((item) => item.id)).toContain(key.id);
        expect(page.meta.total).toBe(page.items.length);
        sum += page.meta.total;
      }
      expect(sum).toBe(all.meta.total);
      const firstPage = await listed({ limit: 1 });
      expect(firstPage.meta).toEqual({ page: 1, limit: 1, total: all.meta.total, hasNextPage: true });
      expect(firstPage.items).toHaveLength(1);
      await refusedNaming(list({ status: 'lost' } as unknown as ApiKeyListQuery), 'status');
    });
  });

  describe('audit', () => {
    it('records creation and revocation with the administrator as actor and no secret in the details', async () => {
      const { apiKey, secret } = await createKey(validBody({ scopes: ['statistics:read'], surveyIds: [surveyB] }));
      const revokeRes = await answered(revoke(apiKey.id), 200);

      const events = await auditEvents({ resourceType: 'api_key', resourceId: apiKey.id });
      expect(events.map((event) => event.action)).toEqual(['api_key.revoked', 'api_key.created']);
      for (const event of events) {
        expect(event).toMatchObject({ actorType: 'staff', actorId: admin.user.id, outcome: 'success' });
      }
      const [revokedEvent, createdEvent] = events;
      expect(createdEvent.details).toEqual({
        scopes: ['statistics:read'],
        surveyIds: [surveyB],
        expiresAt: apiKey.expiresAt,
      });
      expect(revokedEvent.requestId).toBe(revokeRes.response.headers.get('x-request-id'));

      const rows = await dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM audit_events');
      const text = JSON.stringify(rows);
      expect(text).not.toContain(randomPart(secret));
      expect(text).not.toContain(sha256Hex(secret));
      expect(subject.log.text).not.toContain(randomPart(secret));
    });
  });
});
