import { HttpStatus } from '@nestjs/common';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiClient, ProblemType, type Problem } from '@survey/api-client';
import { SHUTTING_DOWN_TYPE } from '../src/app.factory';
import { HealthController } from '../src/health/health.controller';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { probeEvents, ProbeModule } from './utils/probe.module';

function staticFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spa-'));
  for (const app of ['analyst', 'respondent']) {
    mkdirSync(join(dir, app, 'assets'), { recursive: true });
    writeFileSync(join(dir, app, 'index.html'), `<!doctype html><html><body>${app} app</body></html>`);
    writeFileSync(join(dir, app, 'assets', 'main-abc123.js'), `console.log('${app}')`);
  }
  return dir;
}

describe('the API on an empty database', () => {
  let db: TestDatabase;
  let subject: TestApp;
  // Raw HTTP for what the typed client cannot send or read: routes outside the API document (the
  // test-only probe, unknown routes, Swagger UI, the SPAs), unknown query parameters, bad bodies.
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({
      databaseUrl: db.url,
      env: { STATIC_DIR: staticFixture(), BODY_LIMIT: '2kb' },
      imports: [ProbeModule],
    });
    http = request(subject.app.getHttpServer());
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  it('migrated the empty database and answers the health routes', async () => {
    const migrations = await subject.app.get(DataSource).query('SELECT name FROM schema_migrations');
    expect(migrations.length).toBeGreaterThan(0);

    const live = await dataOf(subject.api().GET('/health/live'));
    expect(live).toEqual({ status: 'ok', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const ready = await dataOf(subject.api().GET('/health/ready'));
    expect(ready).toEqual({ status: 'ok', checks: { database: 'up' } });
  });

  it('puts a request id, a strict CSP and no-store on API answers', async () => {
    const live = (headers?: Record<string, string>) => subject.api().GET('/health/live', { headers });
    const { headers } = (await live()).response;
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('cache-control')).toBe('no-store');
    const csp = headers.get('content-security-policy');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers.get('x-powered-by')).toBeNull();
    expect(headers.get('referrer-policy')).toBe('no-referrer');

    const traced = await live({ 'X-Request-Id': 'lb-trace-42abc' });
    expect(traced.response.headers.get('x-request-id')).toBe('lb-trace-42abc');
    const forged = await live({ 'X-Request-Id': 'a b' });
    expect(forged.response.headers.get('x-request-id')).not.toBe('a b');
  });

  it('logs each request as JSON with its request id, without the query string', async () => {
    const res = await http.get('/health/live?email=someone@example.org').expect(200);
    const line = subject.log.lines.find(
      (l) => l.requestId === res.headers['x-request-id'] && l.msg === 'request completed',
    );
    expect(line).toMatchObject({ method: 'GET', path: '/health/live', status: 200 });
    expect(subject.log.text).not.toContain('someone@example.org');
  });

  it('answers an unknown API route with a problem+json 404', async () => {
    const res = await http.get('/api/v1/no-such-route?page=2').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.body as Problem;
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(problem.detail).toBe('No route matches GET /api/v1/no-such-route.');
    expect(problem.requestId).toBe(res.headers['x-request-id']);
  });

  describe('validation', () => {
    const valid = { email: 'a@example.org', answers: [{ questionId: 'q1', score: 9 }] };

    it('accepts a valid body and transforms declared types', async () => {
      const res = await http
        .post('/api/v1/probe/echo')
        .send({ ...valid, count: '3' })
        .expect(201);
      expect(res.body).toEqual({ received: { ...valid, count: 3 }, countType: 'number' });
    });

    it('refuses unknown properties, naming them', async () => {
      const res = await http
        .post('/api/v1/probe/echo')
        .send({ ...valid, isAdmin: true, answers: [{ questionId: 'q1', score: 1, extra: 1 }] })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(ProblemType.Validation);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'isAdmin', message: 'property isAdmin should not exist', reason: 'whitelistValidation' },
          { field: 'answers.0.extra', message: 'property extra should not exist', reason: 'whitelistValidation' },
        ]),
      );
    });

    it('names every invalid field and never echoes the values', async () => {
      const res = await http
        .post('/api/v1/probe/echo')
        .send({ email: 'li.wei-at-example.cn', answers: [{ questionId: 'q9', score: 11 }] })
        .expect(400);
      const fields = (res.body as Problem).errors!.map((e) => e.field).sort();
      expect(fields).toEqual(['answers.0.questionId', 'answers.0.score', 'email']);
      expect(JSON.stringify(res.body)).not.toContain('li.wei-at-example.cn');
    });

    it('refuses malformed JSON and bodies over the size limit as problems', async () => {
      const malformed = await http
        .post('/api/v1/probe/echo')
        .set('Content-Type', 'application/json')
        .send('{"email": "x@example.org",')
        .expect(400);
      expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(malformed.body).toMatchObject({ status: 400, detail: 'The request body is not valid JSON.' });

      const big = await http
        .post('/api/v1/probe/echo')
        .send({ ...valid, padding: 'x'.repeat(4096) })
        .expect(413);
      expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(big.body.title).toBe('Payload Too Large');
    });
  });

  it('turns an unexpected error into a bare 500 and logs it without personal values', async () => {
    const res = await http.get('/api/v1/probe/crash').expect(500);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      requestId: res.headers['x-request-id'],
    });
    const logged = subject.log.lines.find(
      (l) => l.requestId === res.headers['x-request-id'] && l.msg === 'request failed',
    );
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('duplicate key for [email]');
    expect(subject.log.text).not.toContain('amelie.durand@example.fr');
  });

  it('refuses credentials in the query string, without echoing them or logging the URL', async () => {
    for (const name of ['token', 'api_key', 'access_token', 'X-API-Key', 'password']) {
      const res = await http.get(`/health/live?${name}=sekret-${name}`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toContain('not accepted in the URL');
      expect(JSON.stringify(res.body)).not.toContain('sekret');
    }
    await http.get('/api/v1/probe/echo?invitation-token=abc').expect(400);
    await http.get('/health/live?page=2&lang=fr').expect(200);
    expect(subject.log.text).not.toContain('sekret');
  });

  it('denies a route that declares no access rule', async () => {
    const res = await http.get('/api/v1/probe/undeclared').expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toContain('should never be reached');
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    const ui = await http.get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
    expect(ui.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    const spec = await http.get('/api/docs-json').expect(200);
    expect(spec.body.openapi).toBe('3.1.0');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
  });

  it('serves the analyst app at / and the respondent app at /r/, with client-side routes', async () => {
    const analyst = await http.get('/').expect(200);
    expect(analyst.text).toContain('analyst app');
    expect(analyst.headers['cache-control']).toBe('no-cache');
    expect((await http.get('/surveys/42').expect(200)).text).toContain('analyst app');

    expect((await http.get('/r/').expect(200)).text).toContain('respondent app');
    expect((await http.get('/r/anything').expect(200)).text).toContain('respondent app');
    await http.get('/r').expect(301).expect('Location', '/r/');

    const asset = await http.get('/r/assets/main-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await http.get('/r/assets/missing.js').expect(404);
  });

  it('lets only the respondent app’s preview page be framed, and only by pages of this origin', async () => {
    for (const path of ['/r/preview', '/r/preview/', '/r/preview?lang=fr']) {
      const res = await http.get(path).expect(200);
      expect(res.text).toContain('respondent app');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
    // Everything else stays unframeable: the survey, the privacy pages, the console, the API.
    for (const path of ['/', '/surveys/42/edit', '/r/', '/r/privacy', '/r/previews', '/r/preview/x', '/health/live']) {
      const res = await http.get(path);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    const api = await http.get('/api/v1/no-such-route').expect(404);
    expect(api.headers['x-frame-options']).toBe('DENY');
  });
});

describe('graceful shutdown', () => {
  it('turns readiness to 503 at once, refuses new requests, lets one in flight finish on a closing connection, then stops listening', async () => {
    const db = await createTestDatabase();
    const subject = await createTestApp({ databaseUrl: db.url, imports: [ProbeModule] });
    try {
      await subject.app.listen(0, '127.0.0.1');
      // Clients may keep idle connections for a minute; shutdown must close them, not wait.
      (subject.app.getHttpServer() as Server).keepAliveTimeout = 60_000;
      const url = await subject.app.getUrl();
      const api = createApiClient({ baseUrl: url });
      await dataOf(api.GET('/health/live'));
      const begun = once(probeEvents, 'slow-started');
      // The probe route is test-only, outside the API document: plain fetch.
      const inFlight = fetch(`${url}/api/v1/probe/slow`);
      await begun;
      const closeStarted = Date.now();
      const closing = subject.close();

      await expect(subject.app.get(HealthController).getReadiness()).rejects.toMatchObject({
        status: HttpStatus.SERVICE_UNAVAILABLE,
        message: 'The server is shutting down.',
      });
      // A request that still reaches the application is refused before any work: sent to the
      // Express app itself (raw), as the server no longer accepts connections.
      const late = await request(subject.app.getHttpAdapter().getInstance()).get('/api/v1/probe/slow');
      expect(late.status).toBe(503);
      expect(late.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(late.headers['retry-after']).toBe('1');
      expect(late.headers.connection).toBe('close');
      expect(late.body).toMatchObject({ status: 503, type: SHUTTING_DOWN_TYPE });

      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.headers.get('connection')).toBe('close');
      expect(await res.json()).toEqual({ done: true });
      await closing;
      expect(Date.now() - closeStarted).toBeLessThan(30_000);
      await expect(api.GET('/health/live')).rejects.toThrow();
    } finally {
      await db.drop();
    }
  });
});

describe('readiness when the database is gone', () => {
  it('answers 503 problem+json', async () => {
    const db = await createTestDatabase();
    const subject = await createTestApp({ databaseUrl: db.url });
    try {
      await subject.app.get(DataSource).destroy();
      const { error, response } = await answered(subject.api().GET('/health/ready'), 503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(error).toMatchObject({ status: 503, detail: 'The database is not reachable.' });
      await answered(subject.api().GET('/health/live'), 200);
    } finally {
      await subject.close();
      await db.drop();
    }
  });
});
