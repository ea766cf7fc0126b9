import { createApiClient } from '@survey/api-client';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { answered, dataOf } from './utils/client';
import { createTestDatabase } from './utils/database';
import { freePort } from './utils/ports';
import { BUILT_DEMO_CLI, BUILT_MAIN as main, BUILT_RECOVER_CLI, runBuilt, start, waitUntilReady } from './utils/server';

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until `probe` gives a value (the start-up banner follows readiness by a moment). */
async function eventually<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the built server (npm start)', () => {
  beforeAll(() => {
    if (!existsSync(main)) throw new Error('The API is not built: npm test builds it first (or npm run build:api).');
  });

  it('refuses to start on a malformed setting, naming the variable', async () => {
    const started = start({ PORT: 'eighty', NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/x' });
    expect(await started.exited).toBe(78);
    expect(started.output()).toContain('PORT');
    expect(started.output()).toMatch(/MASTER_KEY is required when NODE_ENV=production/);
  });

  it('serves on DATABASE_URL, prints its URLs, and stops cleanly on SIGTERM', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const started = start({ DATABASE_URL: db.url, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'srv-')) });
    try {
      await waitUntilReady(port, started);
      expect(started.output()).toContain(`http://127.0.0.1:${port}/api/docs`);
      await answered(createApiClient({ baseUrl: `http://127.0.0.1:${port}` }).GET('/health/live'), 200);
      // With DATABASE_URL, demo data is never loaded by itself...
      expect(started.output()).not.toContain('Demo data');
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      expect(started.output()).toContain('stopped cleanly');
      expect(await portIsOpen(port)).toBe(false);

      // ...only when asked, and only into a database without surveys or contacts.
      const env = { DATABASE_URL: db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'demo-')) };
      const demo = await runBuilt(BUILT_DEMO_CLI, [], env);
      expect(demo.code).toBe(0);
      expect(demo.output).toMatch(/Demo data loaded/);
      expect(demo.output).toMatch(/analyst +analyst@demo\.localhost +\S{12,}/);
      const again = await runBuilt(BUILT_DEMO_CLI, [], env);
      expect(again.code).toBe(0);
      expect(again.output).toContain('demo data was not loaded');
    } finally {
      started.child.kill('SIGKILL');
      await db.drop();
    }
  }, 180_000);

  it('without DATABASE_URL runs an embedded PostgreSQL under DATA_DIR and keeps the data between runs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'embedded-'));
    const port = await freePort();
    const pgPort = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(pgPort) };
    const api = createApiClient({ baseUrl: `http://127.0.0.1:${port}` });
    const login = (email: string, password: string) => api.POST('/api/v1/auth/login', { body: { email, password } });
    try {
      const first = start(env);
      await waitUntilReady(port, first, 120);
      expect(first.output()).toContain('database migrated');
      // The first start creates the administrator and prints the generated password once.
      const printed = await eventually(() => /Generated password: +(\S+)/.exec(first.output())?.[1]);
      const admin = await dataOf(login('admin@localhost', printed));
      expect(admin.mfaEnrolmentRequired).toBe(true);
      // An empty embedded database gets the demo data, with one login per role printed once.
      const analystPassword = await eventually(
        () => /analyst +analyst@demo\.localhost +(\S+)/.exec(first.output())?.[1],
      );
      expect(first.output()).toMatch(/Demo data: +\d{4} synthetic contacts/);
      const analystLogin = await dataOf(login('analyst@demo.localhost', analystPassword));
      // Part of the invitees have answered: the counters and the raw responses show them.
      const responded = Number(/(\d+) synthetic responses/.exec(first.output())?.[1]);
      expect(responded).toBeGreaterThan(20);
      const asAnalyst = createApiClient({
        baseUrl: `http://127.0.0.1:${port}`,
        accessToken: () => analystLogin.accessToken,
      });
      const surveyList = await dataOf(asAnalyst.GET('/api/v1/surveys'));
      const rates = await dataOf(
        asAnalyst.GET('/api/v1/surveys/{id}/response-rates', { params: { path: { id: surveyList.items[0].id } } }),
      );
      expect(rates.completed).toBe(responded);
      expect(rates.started).toBeGreaterThan(rates.completed);
      expect(rates.opened).toBeGreaterThan(rates.started);
      // Without SMTP_URL the invitations are written as .eml files under DATA_DIR/outbox.
      const invited = Number(/(\d+) invitations/.exec(first.output())?.[1]);
      expect(invited).toBeGreaterThan(50);
      await eventually(() => {
        const files = existsSync(join(dataDir, 'outbox')) ? readdirSync(join(dataDir, 'outbox')) : [];
        return files.filter((f) => f.endsWith('.eml')).length === invited ? true : undefined;
      }, 60_000);
      expect(readdirSync(dataDir).sort()).toEqual(
        expect.arrayContaining(['outbox', 'postgres', 'postgres.password', 'secrets.json']),
      );
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(await portIsOpen(pgPort)).toBe(false);

      // An operator recovers the locked-out administrator while the server is stopped.
      const recovered = await runBuilt(BUILT_RECOVER_CLI, ['admin@localhost'], env);
      expect(recovered.code).toBe(0);
      const newPassword = /New password: +(\S+)/.exec(recovered.output)?.[1];
      expect(newPassword).toBeDefined();
      expect(newPassword).not.toBe(printed);
      const unknown = await runBuilt(BUILT_RECOVER_CLI, ['nobody@example.org'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.output).toContain('No staff user has this e-mail address.');

      const second = start(env);
      await waitUntilReady(port, second, 120);
      const loginWith = (password: string) =>
        login('admin@localhost', password).then(({ response }) => response.status);
      expect(await loginWith(printed)).toBe(401);
      expect(await loginWith(newPassword!)).toBe(200);
      expect(second.output()).toContain('database schema up to date');
      expect(second.output()).not.toContain('creating a new cluster');
      await eventually(() => (second.output().includes('Staff login:') ? true : undefined));
      expect(second.output()).not.toContain('Demo data');
      expect(second.output()).not.toContain('Generated password');
      expect(second.output()).not.toContain(printed);

      // A second instance on the same data directory is refused with an explanation.
      const clash = start({ ...env, PORT: String(await freePort()) });
      expect(await clash.exited).toBe(1);
      expect(clash.output()).toContain('The embedded PostgreSQL did not start');
      expect(clash.output()).toMatch(/lock file .* already exists|could not bind/i);
      await answered(api.GET('/health/ready'), 200);

      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(await portIsOpen(pgPort)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
