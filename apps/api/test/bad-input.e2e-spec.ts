import type { components } from '@survey/api-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { API_KEY_HEADER, INVITATION_TOKEN_HEADER, PURPOSE_HEADER } from '../src/auth/access.decorator';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { MAX_JSON_DEPTH } from '../src/common/input-guard';
import { PROBLEM_CONTENT_TYPE } from '../src/common/problem';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, TestStaff } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];

/** A JSON value nested `depth` arrays deep, as raw text (a few kilobytes for 2,000 levels). */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * Hostile input refused before it reaches a DTO, a service or PostgreSQL: every answer is a 400
 * problem naming the field, never a 500, and nothing is stored. Requests are raw (supertest) where
 * the input is the point: JSON text, bytes, query strings and headers the typed client would not send.
 */
describe('bad input is refused on every route, naming the field', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let officer: string;
  let analystStaff: TestStaff;
  let keySecret: string;
  let surveyId: string;
  let invitationToken: string;
  let contactId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url });
    const adminStaff = await newStaff(t.app, StaffRole.Admin);
    admin = await sessionFor(t.app, adminStaff);
    analystStaff = await newStaff(t.app, StaffRole.Analyst);
    analyst = await sessionFor(t.app, analystStaff);
    officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    const given = await surveyWithInvitees(t.app, analyst);
    surveyId = given.surveyId;
    invitationToken = given.invitees[0].token;
    contactId = given.invitees[0].contactId;
    keySecret = (await newApiKey(t.app, adminStaff, [ApiKeyScope.ResponsesWrite], [surveyId])).secret;
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const api = () => request(t.app.getHttpServer());
  const count = async (table: string) =>
    Number((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  function expectRefused(res: request.Response, field: string, status = 400): Problem {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status,
      type: expect.stringContaining(PROBLEM_CONTENT_TYPE),
    });
    const problem = res.body as Problem;
    expect(problem.errors?.map((error) => error.field)).toContain(field);
    return problem;
  }

  /** POST/PUT a raw JSON text to a route, with the credential it needs. */
  const routes: Array<[name: string, send: (json: string) => request.Test]> = [
    ['POST /auth/login', (json) => api().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(json)],
    [
      'POST /privacy-requests',
      (json) => api().post('/api/v1/privacy-requests').set('Content-Type', 'application/json').send(json),
    ],
    [
      'PUT /respond/draft',
      (json) =>
        api()
          .put('/api/v1/respond/draft')
          .set(INVITATION_TOKEN_HEADER, invitationToken)
          .set('Content-Type', 'application/json')
          .send(json),
    ],
    [
      'POST /respond/submit',
      (json) =>
        api()
          .post('/api/v1/respond/submit')
          .set(INVITATION_TOKEN_HEADER, invitationToken)
          .set('Content-Type', 'application/json')
          .send(json),
    ],
    [
      'POST /users',
      (json) => api().post('/api/v1/users').set(bearer(admin)).set('Content-Type', 'application/json').send(json),
    ],
    [
      'POST /surveys',
      (json) => api().post('/api/v1/surveys').set(bearer(analyst)).set('Content-Type', 'application/json').send(json),
    ],
    [
      'POST provider batch',
      (json) =>
        api()
          .post(`/api/v1/provider/surveys/${surveyId}/responses`)
          .set(API_KEY_HEADER, keySecret)
          .set('Content-Type', 'application/json')
          .send(json),
    ],
  ];

  describe('deep nesting', () => {
    it.each(routes)('%s refuses JSON nested 2,000 levels deep, naming body', async (_name, send) => {
      const json = `{"email":${nested(2000)},"answers":${nested(2000)}}`;
      expect(json.length).toBeLessThan(10_000);
      expectRefused(await send(json), 'body');
    });

    it('counts depth outside strings only, and lets a body just under the limit through to the DTO', async () => {
      const brackets = '['.repeat(200);
      const asText = await routes[0][1](JSON.stringify({ email: 'nobody@example.org', password: brackets }));
      expect(asText.status).toBe(401);
      // One level for the object, the rest for the arrays: exactly at the limit, it reaches validation.
      const atLimit = await routes[5][1](`{"name":${nested(MAX_JSON_DEPTH - 1)}}`);
      expectRefused(atLimit, 'name');
      expectRefused(await routes[5][1](`{"name":${nested(MAX_JSON_DEPTH)}}`), 'body');
    });

    it('stores nothing', async () => {
      const surveys = await count('surveys');
      const responses = await count('responses');
      for (const [, send] of routes) await send(`{"name":${nested(2000)}}`).expect(400);
      expect([await count('surveys'), await count('responses')]).toEqual([surveys, responses]);
    });
  });

  describe('text that is not valid Unicode', () => {
    it.each([
      ['POST /auth/login', 0, { email: 'a\ud800@example.org', password: 'x' }, 'email'],
      ['POST /privacy-requests', 1, { type: 'access', email: '\ud800@example.org' }, 'email'],
      ['POST /users', 4, { email: 'x\udc00@example.org', displayName: 'X', role: 'analyst' }, 'email'],
      ['POST /surveys', 5, { name: 'Survey \ud83d' }, 'name'],
      [
        'POST /surveys (nested)',
        5,
        { name: 'x', questionnaire: { title: { en: '\udfff' } } },
        'questionnaire.title.en',
      ],
    ])('%s refuses a lone surrogate, naming the field', async (_name, route, body, field) => {
      const before = await count('surveys');
      expectRefused(await routes[route as number][1](JSON.stringify(body)), field as string);
      expect(await count('surveys')).toBe(before);
    });

    it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
      const before = await count('surveys');
      const body = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
      const res = await api()
        .post('/api/v1/surveys')
        .set(bearer(analyst))
        .set('Content-Type', 'application/json')
        // As the bytes are, not as superagent would re-encode a Buffer.
        .serialize((raw: Buffer) => raw as unknown as string)
        .send(body);
      expectRefused(res, 'body');
      expect(await count('surveys')).toBe(before);
    });

    it('keeps well-formed text outside the basic plane (emoji) as it is', async () => {
      const created = await dataOf(
        t.api({ staff: analyst }).POST('/api/v1/surveys', { body: { name: 'Survey 😀' } }),
        201,
      );
      expect(created.name).toBe('Survey 😀');
    });

    it('refuses a query string that does not decode to UTF-8, naming the parameter', async () => {
      expectRefused(await api().get('/api/v1/surveys?status=%ED%A0%80').set(bearer(analyst)), 'status');
      expectRefused(await api().get('/api/v1/surveys?status=%E9').set(bearer(analyst)), 'status');
    });

    it('refuses a non-ASCII value in a header read as a value', async () => {
      const res = await api()
        .get(`/api/v1/contacts/${contactId}`)
        .set(bearer(analyst))
        .set(PURPOSE_HEADER, Buffer.from('survey-administration\u00e9', 'latin1').toString('latin1'));
      expectRefused(res, 'X-Purpose');
    });
  });

  describe('NUL characters', () => {
    it.each([
      ['survey name', 5, { name: 'a\u0000b' }, 'name'],
      ['staff display name', 4, { email: 'nul@example.org', displayName: 'A\u0000', role: 'analyst' }, 'displayName'],
      ['login e-mail', 0, { email: 'a\u0000@example.org', password: 'x' }, 'email'],
      ['privacy request details', 1, { type: 'access', email: 'p@example.org', details: '\u0000' }, 'details'],
      ['respondent answer', 3, { answers: { suggestions: 'x\u0000' } }, 'answers.suggestions'],
    ])('refuses one in a %s', async (_name, route, body, field) => {
      expectRefused(await routes[route as number][1](JSON.stringify(body)), field as string);
    });

    it('refuses one in a contact role, and leaves the contact as it was', async () => {
      const { response, error } = await answered(
        t.api({ staff: analyst }).PATCH('/api/v1/contacts/{id}', {
          params: { path: { id: contactId }, header: { 'X-Purpose': 'data-quality' } },
          body: { role: 'Head\u0000 of IP' },
        }),
        400,
      );
      expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
      expect(error?.errors?.map((e) => e.field)).toContain('role');
    });

    it('refuses one in a query parameter', async () => {
      expectRefused(await api().get('/api/v1/surveys?status=open%00').set(bearer(analyst)), 'status');
    });

    it('makes a NUL in a CSV or JSON import row a row issue, and refuses one in a column name', async () => {
      const header = 'full_name,email,country_code,segment,platform';
      const csv = `${header}\r\nAda\u0000 Lovelace,ada-nul@example.org,GB,applicant,ePCT\r\nGrace Hopper,grace-nul@example.org,US,applicant,ePCT\r\n`;
      const json = JSON.stringify([
        {
          full_name: 'Alan',
          email: 'alan-nul@example.org',
          country_code: 'GB',
          segment: 'applicant',
          platform: 'e\u0000',
        },
        {
          full_name: 'Bad \ud800',
          email: 'bad-nul@example.org',
          country_code: 'GB',
          segment: 'applicant',
          platform: 'x',
        },
      ]);
      const issuesOf = async (body: string, type: string) => {
        // Raw: the file is the whole request body.
        const job = await api()
          .post('/api/v1/contacts/imports')
          .set(bearer(analyst))
          .set('Content-Type', type)
          .send(body)
          .expect(202);
        await t.app.get(ContactImportsService).settled(job.body.id);
        const asAnalyst = t.api({ staff: analyst });
        const imported = { params: { path: { id: job.body.id as string } } };
        const done = await dataOf(asAnalyst.GET('/api/v1/contacts/imports/{id}', imported));
        const issues = await dataOf(asAnalyst.GET('/api/v1/contacts/imports/{id}/issues', imported));
        return { job: done, issues: issues.items };
      };
      const fromCsv = await issuesOf(csv, 'text/csv');
      expect(fromCsv.job).toMatchObject({ status: 'completed' });
      expect(fromCsv.issues).toContainEqual(
        expect.objectContaining({ row: 2, field: 'full_name', reason: 'must not contain a NUL character' }),
      );
      expect(fromCsv.issues.filter((issue) => issue.row === 3)).toEqual([]);
      const fromJson = await issuesOf(json, 'application/json');
      expect(fromJson.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 1, field: 'platform', reason: 'must not contain a NUL character' }),
          expect.objectContaining({ row: 2, field: 'full_name', reason: expect.stringContaining('valid Unicode') }),
        ]),
      );
      const badHeader = await api()
        .post('/api/v1/contacts/imports')
        .set(bearer(analyst))
        .set('Content-Type', 'text/csv')
        .send(`${header},no\u0000te\r\nAda,ada2@example.org,GB,applicant,ePCT,x\r\n`);
      expectRefused(badHeader, 'header');
    });
  });

  describe('query parameters', () => {
    // Three values in every row: jest.each takes a test function with more parameters for a done callback.
    const lists: Array<[path: string, token: () => string, headers: Record<string, string>]> = [
      ['/api/v1/users', () => admin, {}],
      ['/api/v1/api-keys', () => admin, {}],
      ['/api/v1/audit-events', () => admin, {}],
      ['/api/v1/surveys', () => analyst, {}],
      ['/api/v1/contacts', () => analyst, { [PURPOSE_HEADER]: 'data-quality' }],
      ['/api/v1/contacts/imports', () => analyst, {}],
      ['/api/v1/reports', () => analyst, {}],
      ['/api/v1/privacy-requests', () => officer, { [PURPOSE_HEADER]: 'privacy-request' }],
      ['/api/v1/retention/runs', () => officer, {}],
      ['/api/v1/surveys/{survey}/campaigns', () => analyst, {}],
      ['/api/v1/surveys/{survey}/invitations', () => analyst, {}],
    ];
    const get = (path: string, query: string, token: string, headers: Record<string, string> = {}) =>
      api()
        .get(`${path.replace('{survey}', surveyId)}?${query}`)
        .set(bearer(token))
        .set(headers);

    it.each(lists)('%s refuses ?offset=, an unknown parameter', async (path, token, headers) => {
      expectRefused(await get(path, 'offset=', token(), headers), 'offset');
    });

    it.each(lists)('%s refuses a page whose offset would overflow', async (path, token, headers) => {
      expectRefused(await get(path, 'page=1e17&limit=100', token(), headers), 'page');
      expectRefused(await get(path, 'page=100000000000000000&limit=100', token(), headers), 'page');
      expectRefused(await get(path, 'page=1000000001', token(), headers), 'page');
      const last = await get(path, 'page=1000000000&limit=100', token(), headers).expect(200);
      expect(last.body.items).toEqual([]);
    });

    it('refuses numbers written other than as plain digits, and a parameter with no value', async () => {
      for (const query of ['page=0x10', 'page=%201', 'limit=', 'page=1&page=2']) {
        expectRefused(await get('/api/v1/surveys', query, analyst), query.startsWith('limit') ? 'limit' : 'page');
      }
      expectRefused(await get('/api/v1/retention/preview', 'days', officer), 'days');
      expectRefused(await get('/api/v1/retention/preview', 'days=', officer), 'days');
    });

    it('refuses unknown parameters on routes that take none, and prototype names on those that do', async () => {
      expectRefused(await get('/api/v1/auth/me', 'debug=1', analyst), 'debug');
      expectRefused(await get(`/api/v1/surveys/${surveyId}`, 'include=all', analyst), 'include');
      expectRefused(await get('/api/v1/surveys', '__proto__=1', analyst), '__proto__');
      expectRefused(await get('/api/v1/surveys', 'constructor=1', analyst), 'constructor');
    });

    it('refuses dates outside what PostgreSQL stores', async () => {
      expectRefused(await get('/api/v1/audit-events', 'from=-271821-04-20T00:00:00Z', admin), 'from');
      expectRefused(await get('/api/v1/audit-events', 'to=1', admin), 'to');
    });
  });

  describe('prototype property names', () => {
    it.each([
      ['__proto__ at the top', 5, '{"name":"x","__proto__":{"admin":true}}', '__proto__'],
      ['constructor at the top', 5, '{"name":"x","constructor":{"prototype":{}}}', 'constructor'],
      [
        'prototype at the top',
        4,
        '{"email":"p@example.org","displayName":"P","role":"analyst","prototype":1}',
        'prototype',
      ],
      [
        '__proto__ in the questionnaire',
        5,
        '{"name":"x","questionnaire":{"questions":[{"__proto__":{}}]}}',
        'questionnaire.questions.0.__proto__',
      ],
      ['constructor in the answers', 3, '{"answers":{"constructor":1}}', 'answers.constructor'],
      ['__proto__ in a provider batch', 6, '{"responses":[{"__proto__":{"x":1}}]}', 'responses.0.__proto__'],
    ])('refuses %s', async (_name, route, json, field) => {
      const surveys = await count('surveys');
      expectRefused(await routes[route as number][1](json as string), field as string);
      expect(await count('surveys')).toBe(surveys);
    });
  });

  it('refuses null for an optional property the spec does not declare nullable', async () => {
    expectRefused(
      await routes[1][1](JSON.stringify({ type: 'access', email: 'lang@example.org', language: null })),
      'language',
    );
  });
});
