import { Controller, Get, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Public } from '../src/auth/access.decorator';
import { createApp } from '../src/app.factory';
import { createRootLogger } from '../src/common/logger';
import { PERMISSIONS_POLICY } from '../src/common/security-headers';
import { loadConfig } from '../src/config/app-config';
import { CapturedLog } from './utils/app';

class LedgerMismatchError extends Error {
  override name = 'LedgerMismatchError';
}

@Controller('header-probe')
class FailingController {
  @Get('crash')
  @Public()
  crash(): never {
    throw new LedgerMismatchError('ledger row for jeanne.martin@example.fr does not add up');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

function staticFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spa-'));
  for (const app of ['analyst', 'respondent']) {
    mkdirSync(join(dir, app), { recursive: true });
    writeFileSync(join(dir, app, 'index.html'), `<!doctype html><html><body>${app} app</body></html>`);
  }
  return dir;
}

async function appWith(env: NodeJS.ProcessEnv): Promise<{ app: NestExpressApplication; log: CapturedLog }> {
  const config = loadConfig({ NODE_ENV: 'test', STATIC_DIR: staticFixture(), ...env });
  const log = new CapturedLog();
  const app = await createApp({
    config,
    logger: createRootLogger('info', log),
    withoutDatabase: true,
    imports: [FailingModule],
  });
  await app.init();
  return { app, log };
}

// Raw HTTP throughout: what is checked is raw headers, alike on every kind of answer, and nearly all
// of them come from outside the API document (the SPAs, Swagger UI, an unknown route, this file's
// failing controller); the typed client has no operation for those.
describe('headers, error logs and Swagger UI', () => {
  let app: NestExpressApplication;
  let log: CapturedLog;

  beforeAll(async () => {
    ({ app, log } = await appWith({}));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses powerful browser features on every answer: API, health, both SPAs, the preview frame and Swagger UI', async () => {
    const http = request(app.getHttpServer());
    for (const path of [
      '/',
      '/surveys/42',
      '/r/',
      '/r/preview',
      '/health/live',
      '/api/v1/no-such-route',
      '/api/docs/',
    ]) {
      const res = await http.get(path);
      const policy = String(res.headers['permissions-policy'] ?? '');
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) {
        expect({ path, has: policy.includes(feature) }).toEqual({ path, has: true });
      }
      // Nothing is granted to any origin, not even this one.
      expect(policy).not.toMatch(/\(self|\*|https?:/);
    }
  });

  it('sends the same Permissions-Policy from the nginx servers of the container deployment', () => {
    for (const name of ['security-headers.conf', 'security-headers-frameable.conf']) {
      const conf = readFileSync(join(__dirname, '../../../docker/nginx', name), 'utf8');
      expect({ name, line: conf.includes(`add_header Permissions-Policy "${PERMISSIONS_POLICY}" always;`) }).toEqual({
        name,
        line: true,
      });
    }
  });

  it('logs a 500 with its error class and readable stack frames, without the address in its message', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/header-probe/crash').expect(500);
    const line = log.lines.find((l) => l.requestId === res.headers['x-request-id'] && l.msg === 'request failed');
    const err = (line as { err: { type: string; message: string; stack: string } }).err;
    expect(err.type).toBe('LedgerMismatchError');
    expect(err.message).toBe('ledger row for [email] does not add up');
    expect(err.stack).toMatch(/^LedgerMismatchError: ledger row for \[email\] does not add up\n/);
    // The frames still say where it happened: this file, then Nest's router in node_modules/@nestjs.
    expect(err.stack).toContain('headers-and-error-logs.e2e-spec.ts');
    expect(err.stack).toMatch(/node_modules\/@nestjs\/core\/router\/[\w-]+\.js:\d+:\d+/);
    expect(log.text).not.toContain('jeanne.martin');
  });

  it('serves Swagger UI by default', async () => {
    const ui = await request(app.getHttpServer()).get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('does not serve Swagger UI with SWAGGER_UI=false, and still serves the OpenAPI document', async () => {
    const off = await appWith({ SWAGGER_UI: 'false' });
    try {
      const http = request(off.app.getHttpServer());
      for (const path of ['/api/docs', '/api/docs/', '/api/docs/swagger-ui-init.js']) {
        const res = await http.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const spec = await http.get('/api/docs-json').expect(200);
      expect(spec.body.openapi).toBe('3.1.0');
    } finally {
      await off.app.close();
    }
  });

  it('refuses a SWAGGER_UI value that is not a boolean, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', SWAGGER_UI: 'perhaps' })).toThrow(/SWAGGER_UI/);
  });
});
