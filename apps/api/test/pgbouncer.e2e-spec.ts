import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { newOpaqueToken, sha256 } from '../src/auth/opaque-tokens';
import { StaffRole } from '../src/auth/roles';
import { MIGRATION_LOCK_ID } from '../src/database/data-source';
import { createTestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { Call, send, until } from './utils/http-outcomes';
import { RunningPgBouncer, startPgBouncer } from './utils/pgbouncer';
import { freePort } from './utils/ports';
import { completeAnswers, extractCsv, ExtractRow } from './utils/respondents';
import { BUILT_MAIN, start, Started, waitUntilReady } from './utils/server';
import { newStaff, sessionFor } from './utils/staff';

/**
 * The built API behind PgBouncer 1.18 (Debian's) in transaction mode, with fewer server
 * connections than the API's pool: the set-up README.md ("Connection pooling") describes. The
 * schema is migrated first over a direct connection, as the deployment's migration job does; a
 * worker process, also on a direct connection, runs whatever background work is not the API's.
 */

const SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(48).toString('base64url'),
};
const SERVER_CONNECTIONS = 3;
const SUBMISSIONS = 60;

let database: TestDatabase;
let bouncer: RunningPgBouncer;
let db: Client;
let dataDir: string;
let apiPort: number;
let api: Started | null = null;
let worker: Started | null = null;
let analyst: string;

const staff = () => ({ Authorization: `Bearer ${analyst}` });

async function call<T>(request: Call): Promise<{ status: number; body: T }> {
  const outcome = await send(apiPort, request, false);
  if (outcome.kind !== 'answered') throw new Error(`${request.method} ${request.path}: ${outcome.kind}`);
  return { status: outcome.status, body: (outcome.body ? JSON.parse(outcome.body) : null) as T };
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

function contacts(count: number): ExtractRow[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `Pooled Person ${i}`,
    email: `pooled-${i}@example.org`,
    country: ['FR', 'DE', 'CN', 'BR'][i % 4],
    segment: ['agent', 'applicant'][i % 2],
    language: 'en',
  }));
}

async function stop(started: Started | null): Promise<void> {
  if (!started || started.child.exitCode !== null) return;
  started.child.kill('SIGTERM');
  await started.exited;
}

describe('the built API behind PgBouncer in transaction mode', () => {
  let surveyId: string;

  beforeAll(async () => {
    if (!existsSync(BUILT_MAIN))
      throw new Error('The API is not built: npm test builds it first (or npm run build:api).');
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'pgbouncer-data-'));
    apiPort = await freePort();
    // Migrated directly (createTestApp runs the migrations), and the staff made, as an administrator would.
    const setup = await createTestApp({ databaseUrl: database.url, env: { ...SECRETS, DATA_DIR: dataDir } });
    try {
      analyst = await sessionFor(setup.app, await newStaff(setup.app, StaffRole.Analyst));
    } finally {
      await setup.close();
    }
    db = new Client({ connectionString: database.url });
    await db.connect();
    bouncer = await startPgBouncer(database.url, SERVER_CONNECTIONS);
  }, 120_000);

  afterAll(async () => {
    await stop(api);
    await stop(worker);
    await db?.end().catch(() => undefined);
    await bouncer?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('starts on a current schema without the migration lock, which another session may be holding', async () => {
    await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      api = start({
        ...SECRETS,
        ROLE: 'api',
        DATABASE_URL: bouncer.urlFor(database.url),
        DB_PREPARED_STATEMENTS: 'false',
        PORT: String(apiPort),
        DATA_DIR: dataDir,
        RETENTION_SCHEDULE: 'false',
      });
      await waitUntilReady(apiPort, api, 60);
    } finally {
      await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
    worker = start({
      ...SECRETS,
      ROLE: 'worker',
      DATABASE_URL: database.url,
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      RETENTION_SCHEDULE: 'false',
    });
  }, 90_000);

  it('imports contacts and runs a campaign', async () => {
    const upload = await fetch(`http://127.0.0.1:${apiPort}/api/v1/contacts/imports`, {
      method: 'POST',
      headers: { ...staff(), 'Content-Type': 'text/csv' },
      body: new Uint8Array(extractCsv(contacts(400))),
    });
    expect(upload.status).toBe(202);
    const importId = ((await upload.json()) as { id: string }).id;
    const done = await until(
      'the import',
      async () => {
        const job = await call<{ status: string; created: number }>({
          method: 'GET',
          path: `/api/v1/contacts/imports/${importId}`,
          headers: staff(),
        });
        return ['completed', 'failed'].includes(job.body.status) ? job.body : undefined;
      },
      90_000,
      200,
    );
    expect(done).toMatchObject({ status: 'completed', created: 400 });

    const survey = await call<{ id: string }>({
      method: 'POST',
      path: '/api/v1/surveys',
      headers: staff(),
      body: { name: 'Pooled', questionnaire: sampleSatisfactionQuestionnaire() },
    });
    expect(survey.status).toBe(201);
    surveyId = survey.body.id;
    expect((await call({ method: 'POST', path: `/api/v1/surveys/${surveyId}/publish`, headers: staff() })).status).toBe(
      200,
    );
    const campaign = await call<{ id: string; targetCount: number }>({
      method: 'POST',
      path: `/api/v1/surveys/${surveyId}/campaigns`,
      headers: staff(),
      body: { name: 'Everyone', target: {} },
    });
    expect(campaign.status).toBe(202);
    expect(campaign.body.targetCount).toBe(400);
    await until(
      'the campaign',
      async () =>
        (await one<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [campaign.body.id])).status ===
        'completed'
          ? true
          : undefined,
      90_000,
      200,
    );
    expect(await one('SELECT count(*)::int AS n FROM invitations WHERE campaign_id = $1', [campaign.body.id])).toEqual({
      n: 400,
    });
  }, 200_000);

  it('stores each of many concurrent submissions exactly once', async () => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM invitations WHERE survey_id = $1 LIMIT $2', [
      surveyId,
      SUBMISSIONS,
    ]);
    const issued = rows.map((row) => ({ invitationId: row.id, token: newOpaqueToken('', 32) }));
    await db.query(
      'INSERT INTO invitation_tokens (token_hash, invitation_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])',
      [issued.map((i) => sha256(i.token)), issued.map((i) => i.invitationId)],
    );
    const submit = (token: string) =>
      send(
        apiPort,
        {
          method: 'POST',
          path: '/api/v1/respond/submit',
          headers: { 'X-Invitation-Token': token },
          body: { answers: completeAnswers() },
        },
        false,
      );
    // Twice each, concurrently: the second of a pair must not store another response.
    const outcomes = await Promise.all(issued.flatMap((i) => [submit(i.token), submit(i.token)]));
    const statuses = outcomes.map((o) => (o.kind === 'answered' ? o.status : o.kind));
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(SUBMISSIONS);
    expect(statuses.filter((s) => typeof s !== 'number' || s >= 500)).toEqual([]);
    const stored = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM responses WHERE invitation_id = ANY($1::uuid[]) GROUP BY invitation_id',
      [issued.map((i) => i.invitationId)],
    );
    expect(stored.rows).toHaveLength(SUBMISSIONS);
    expect(stored.rows.every((row) => row.n === 1)).toBe(true);
  }, 120_000);

  it('computes the statistics (SET LOCAL inside their transaction)', async () => {
    const statistics = await call<{ population: { invited: number; responses: { value: number } } }>({
      method: 'GET',
      path: `/api/v1/surveys/${surveyId}/statistics`,
      headers: staff(),
    });
    expect(statistics.status).toBe(200);
    expect(statistics.body.population).toMatchObject({ invited: 400, responses: { value: SUBMISSIONS } });
    expect(api!.output()).not.toMatch(/prepared statement/);
    expect(api!.child.exitCode).toBeNull();
  }, 60_000);
});

describe("Debian's PgBouncer in transaction mode", () => {
  it('does not keep named prepared statements apart, which is why DB_PREPARED_STATEMENTS=false exists', async () => {
    const scratch = await createTestDatabase();
    const pooler = await startPgBouncer(scratch.url, 1);
    const [a, b] = [new Client(pooler.urlFor(scratch.url)), new Client(pooler.urlFor(scratch.url))];
    try {
      await a.connect();
      await b.connect();
      const named = { name: 'hot_statement', text: 'SELECT $1::int AS n', values: [1] };
      await expect(a.query(named)).resolves.toMatchObject({ rows: [{ n: 1 }] });
      // b has never prepared it, but shares a's server connection, where the name is taken.
      await expect(b.query(named)).rejects.toThrow(/prepared statement "hot_statement" already exists/);
      await expect(b.query({ text: named.text, values: [2] })).resolves.toMatchObject({ rows: [{ n: 2 }] });
    } finally {
      await a.end().catch(() => undefined);
      await b.end().catch(() => undefined);
      await pooler.stop();
      await scratch.drop();
    }
  }, 60_000);
});
