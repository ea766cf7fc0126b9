import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { ConfigError } from './environment';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://survey@db.internal:5432/survey',
  MASTER_KEY: KEY,
  BLIND_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
  JWT_SECRET: 'x'.repeat(40),
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives development defaults and keeps generated keys in the data directory', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'config-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first).toMatchObject({ env: 'development', port: 3000, host: '127.0.0.1', databaseUrl: null });
    expect(first.secrets.source).toBe('generated-persisted');
    expect(first.secrets.masterKey).toHaveLength(32);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.secrets.masterKey.equals(first.secrets.masterKey)).toBe(true);
    expect(second.secrets.jwtSecret).toBe(first.secrets.jwtSecret);
  });

  it('takes every setting from the environment in production', () => {
    const config = loadConfig({ ...PRODUCTION, PORT: '8080', HOST: '0.0.0.0', TRUST_PROXY: 'true' });
    expect(config).toMatchObject({ env: 'production', port: 8080, host: '0.0.0.0', trustProxy: true });
    expect(config.databaseUrl).toBe(PRODUCTION.DATABASE_URL);
    expect(config.secrets.source).toBe('environment');
    expect(config.secrets.masterKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('refuses to start in production without a database or secrets, naming each variable', () => {
    expect(problemsOf({ NODE_ENV: 'production', MASTER_KEY: KEY })).toEqual([
      expect.stringMatching(/^DATABASE_URL is required when NODE_ENV=production/),
      'BLIND_INDEX_KEY is required when NODE_ENV=production',
      'JWT_SECRET is required when NODE_ENV=production',
    ]);
    const problems = problemsOf({ NODE_ENV: 'production', DATABASE_URL: PRODUCTION.DATABASE_URL });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['MASTER_KEY', 'BLIND_INDEX_KEY', 'JWT_SECRET']);
  });

  it('names malformed variables', () => {
    const problems = problemsOf({
      ...PRODUCTION,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x@y/z',
      MASTER_KEY: 'too-short',
      LOG_LEVEL: 'loud',
      NODE_ENV: 'staging',
      BODY_LIMIT: 'lots',
      TRUST_PROXY: 'maybe',
    });
    const named = problems.map((p) => p.split(/[ :]/)[0]);
    expect(problems.filter((p) => p.startsWith('PORT'))).toEqual(['PORT must be an integer number']);
    expect(named).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATABASE_URL',
        'MASTER_KEY',
        'LOG_LEVEL',
        'NODE_ENV',
        'BODY_LIMIT',
        'TRUST_PROXY',
      ]),
    );
    expect(new ConfigError(problems).message).toContain('PORT');
  });

  it('refuses one key for both encryption and the blind index', () => {
    expect(problemsOf({ ...PRODUCTION, BLIND_INDEX_KEY: KEY })).toEqual([
      expect.stringMatching(/^BLIND_INDEX_KEY must differ from MASTER_KEY/),
    ]);
  });

  it('loads demo data only into the embedded database, unless DEMO=0', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'config-'));
    expect(loadConfig({ DATA_DIR: dataDir }).demo).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: PRODUCTION.DATABASE_URL }).demo).toBe(false);
    expect(loadConfig({ ...PRODUCTION, DEMO: 'true' }).demo).toBe(false);
  });

  it('reads mail, delivery and privacy settings, and caps retention at 24 months', () => {
    const config = loadConfig({
      ...PRODUCTION,
      SMTP_URL: 'smtps://user:pw@mail.example.org:465',
      MAIL_MAX_ATTEMPTS: '3',
      MAX_REMINDERS: '1',
      CONTACT_IMPORT_MAX_BYTES: '20mb',
      RETENTION_MONTHS: '12',
      PRIVACY_CONTACT_EMAIL: 'DPO@Example.org',
    });
    expect(config.mail).toMatchObject({ smtpUrl: 'smtps://user:pw@mail.example.org:465', maxAttempts: 3 });
    expect(config.delivery).toMatchObject({ maxReminders: 1, importMaxBytes: 20 * 1024 * 1024 });
    expect(config.privacy).toMatchObject({ retentionMonths: 12, contactEmail: 'dpo@example.org' });
    const problems = problemsOf({
      ...PRODUCTION,
      RETENTION_MONTHS: '25',
      SMTP_URL: 'http://mail',
      CONTACT_IMPORT_MAX_BYTES: 'huge',
      MAX_REMINDERS: '11',
    });
    expect(problems.map((p) => p.split(/[ :]/)[0]).sort()).toEqual([
      'CONTACT_IMPORT_MAX_BYTES',
      'MAX_REMINDERS',
      'RETENTION_MONTHS',
      'SMTP_URL',
    ]);
    expect(problems.find((p) => p.startsWith('RETENTION_MONTHS'))).toMatch(/24/);
  });

  it('sizes the pool and the heavy-work bulkhead, keeping connections for everyone else', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({
      dbPoolSize: 10,
      heavyWork: {
        staffConcurrency: 3,
        providerConcurrency: 2,
        perCaller: 1,
        queueSize: 50,
        queuePerCaller: 8,
        queueTimeoutMs: 30000,
      },
    });
    const tuned = loadConfig({
      ...PRODUCTION,
      DB_POOL_SIZE: '30',
      HEAVY_WORK_STAFF_CONCURRENCY: '12',
      HEAVY_WORK_PROVIDER_CONCURRENCY: '4',
      HEAVY_WORK_PER_CALLER: '3',
      HEAVY_WORK_QUEUE_SIZE: '0',
      HEAVY_WORK_QUEUE_PER_CALLER: '0',
      HEAVY_WORK_QUEUE_TIMEOUT_MS: '5000',
    });
    expect(tuned.dbPoolSize).toBe(30);
    expect(tuned.heavyWork).toEqual({
      staffConcurrency: 12,
      providerConcurrency: 4,
      perCaller: 3,
      queueSize: 0,
      queuePerCaller: 0,
      queueTimeoutMs: 5000,
    });
    const crowded = problemsOf({ ...PRODUCTION, DB_POOL_SIZE: '8', HEAVY_WORK_STAFF_CONCURRENCY: '3' });
    expect(crowded).toEqual([
      expect.stringMatching(/^HEAVY_WORK_STAFF_CONCURRENCY \+ HEAVY_WORK_PROVIDER_CONCURRENCY .*DB_POOL_SIZE \(8\)/),
    ]);
    expect(
      problemsOf({ ...PRODUCTION, DB_POOL_SIZE: '3', HEAVY_WORK_PER_CALLER: 'many' }).map((p) => p.split(/[ :]/)[0]),
    ).toEqual(expect.arrayContaining(['DB_POOL_SIZE', 'HEAVY_WORK_PER_CALLER']));
  });

  it('does not mix secrets from the environment with generated ones', () => {
    const problems = problemsOf({ DATA_DIR: mkdtempSync(join(tmpdir(), 'config-')), MASTER_KEY: KEY });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['BLIND_INDEX_KEY', 'JWT_SECRET']);
  });

  it('reports a damaged secrets file instead of replacing it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ MASTER_KEY: KEY }));
    expect(problemsOf({ DATA_DIR: dataDir })[0]).toMatch(/lacks BLIND_INDEX_KEY, JWT_SECRET/);
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))).toEqual({ MASTER_KEY: KEY });
  });

  it('uses throw-away keys in tests and writes nothing', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'config-')), 'never-created');
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    expect(config.secrets.source).toBe('generated-ephemeral');
    expect(() => statSync(dataDir)).toThrow();
  });
});
