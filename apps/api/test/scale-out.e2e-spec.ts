import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { newOpaqueToken, sha256 } from '../src/auth/opaque-tokens';
import { StaffRole } from '../src/auth/roles';
import { createTestApp } from './utils/app';
import { createTestDatabase, type TestDatabase } from './utils/database';
import { Call, send, until } from './utils/http-outcomes';
import { freePort } from './utils/ports';
import { completeAnswers, extractCsv, type ExtractRow } from './utils/respondents';
import { BUILT_MAIN, start, type Started, waitUntilReady } from './utils/server';
import { startSmtp, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor } from './utils/staff';

/**
 * Scale-out on one machine: two API processes (ROLE=api) and a worker (ROLE=worker) of the built
 * application on one PostgreSQL. A contact import and a campaign go through the APIs while
 * respondents submit through both; the worker is killed (kill -9) half-way through the campaign
 * and another started. Every job completes once, every mail is sent once (to a real SMTP server),
 * every submission is stored once.
 */

const SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(48).toString('base64url'),
};
const CONTACTS = 2000;
const SUBMISSIONS = 300;

describe('two APIs and a worker on one database, the worker killed mid-campaign', () => {
  let db: TestDatabase;
  let client: Client;
  let smtp: TestSmtp;
  let dataDir: string;
  let analyst: string;
  const processes: Started[] = [];

  const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T;

  async function launch(role: 'api' | 'worker'): Promise<{ port: number; started: Started }> {
    const port = await freePort();
    const started = start({
      ...SECRETS,
      ROLE: role,
      DATABASE_URL: db.url,
      PORT: String(port),
      DATA_DIR: dataDir,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`,
      RETENTION_SCHEDULE: 'false',
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    processes.push(started);
    await waitUntilReady(port, started);
    return { port, started };
  }

  async function api<T>(port: number, call: Call): Promise<{ status: number; body: T }> {
    const outcome = await send(port, call, false);
    if (outcome.kind !== 'answered') throw new Error(`${call.method} ${call.path}: ${outcome.kind} ${outcome.code}`);
    return { status: outcome.status, body: (outcome.body ? JSON.parse(outcome.body) : null) as T };
  }

  beforeAll(async () => {
    if (!existsSync(BUILT_MAIN))
      throw new Error('The API is not built: npm test builds it first (or npm run build:api).');
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'scale-out-'));
    smtp = await startSmtp();
    const setup = await createTestApp({ databaseUrl: db.url, env: { ...SECRETS, DATA_DIR: dataDir } });
    try {
      analyst = await sessionFor(setup.app, await newStaff(setup.app, StaffRole.Analyst));
    } finally {
      await setup.close();
    }
    client = new Client({ connectionString: db.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    for (const started of processes) {
      if (started.child.exitCode === null) started.child.kill('SIGKILL');
      await started.exited;
    }
    await client?.end();
    await smtp?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('completes every job once, sends every mail once and stores every submission once', async () => {
    const [a, b] = [await launch('api'), await launch('api')];
    const firstWorker = await launch('worker');
    // An API process serves no jobs; a worker serves no API.
    expect((await fetch(`http://127.0.0.1:${firstWorker.port}/api/v1/surveys`)).status).toBe(404);
    const staff = { Authorization: `Bearer ${analyst}` };

    const rows: ExtractRow[] = Array.from({ length: CONTACTS }, (_, i) => ({
      name: `Person ${i}`,
      email: `scale-${i}@example.org`,
      country: ['FR', 'DE', 'CN', 'US'][i % 4],
      segment: ['agent', 'applicant'][i % 2],
      language: 'en',
    }));
    const upload = await fetch(`http://127.0.0.1:${a.port}/api/v1/contacts/imports`, {
      method: 'POST',
      headers: { ...staff, 'Content-Type': 'text/csv' },
      body: new Uint8Array(extractCsv(rows)),
    });
    expect(upload.status).toBe(202);
    const importId = ((await upload.json()) as { id: string }).id;
    await until(
      'the import, run by the worker',
      async () =>
        (await one<{ status: string }>('SELECT status FROM contact_imports WHERE id = $1', [importId])).status ===
        'completed'
          ? true
          : undefined,
      120_000,
    );

    const survey = await api<{ id: string }>(b.port, {
      method: 'POST',
      path: '/api/v1/surveys',
      headers: staff,
      body: { name: 'Scale-out', questionnaire: sampleSatisfactionQuestionnaire() },
    });
    expect(survey.status).toBe(201);
    expect(
      (await api(b.port, { method: 'POST', path: `/api/v1/surveys/${survey.body.id}/publish`, headers: staff })).status,
    ).toBe(200);
    const campaign = await api<{ id: string; targetCount: number }>(a.port, {
      method: 'POST',
      path: `/api/v1/surveys/${survey.body.id}/campaigns`,
      headers: staff,
      body: { name: 'Everyone', target: {} },
    });
    expect(campaign.status).toBe(202);
    const campaignId = campaign.body.id;

    // Half-way through the invitations, the worker is killed; another takes over.
    const invitedAtKill = await until(
      'the campaign under way',
      async () => {
        const { n } = await one<{ n: number }>('SELECT count(*)::int AS n FROM invitations WHERE campaign_id = $1', [
          campaignId,
        ]);
        return n > 0 ? n : undefined;
      },
      60_000,
      5,
    );
    firstWorker.started.child.kill('SIGKILL');
    await firstWorker.started.exited;

    // Respondents submit through both APIs meanwhile, each link twice (a retry), alternating.
    const { rows: invited } = await client.query<{ id: string }>(
      'SELECT id FROM invitations WHERE campaign_id = $1 ORDER BY id LIMIT $2',
      [campaignId, SUBMISSIONS],
    );
    const tokens = invited.map((row) => ({ invitationId: row.id, token: newOpaqueToken('', 32) }));
    await client.query(
      'INSERT INTO invitation_tokens (token_hash, invitation_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])',
      [tokens.map((t) => sha256(t.token)), tokens.map((t) => t.invitationId)],
    );
    const secondWorker = launch('worker');
    const outcomes = await Promise.all(
      tokens.flatMap(({ token }, i) =>
        // Each link through both APIs at once (a retry that lands elsewhere): one stores it.
        (i % 2 === 0 ? [a.port, b.port] : [b.port, a.port]).map((port) =>
          send(
            port,
            {
              method: 'POST',
              path: '/api/v1/respond/submit',
              headers: { 'X-Invitation-Token': token },
              body: { answers: completeAnswers() },
            },
            false,
          ),
        ),
      ),
    );
    await secondWorker;
    const statuses = outcomes.map((o) => (o.kind === 'answered' ? o.status : o.kind));
    expect(statuses.filter((s) => typeof s === 'number' && s >= 500)).toEqual([]);

    await until(
      'the campaign completed by the second worker',
      async () =>
        (await one<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [campaignId])).status ===
        'completed'
          ? true
          : undefined,
      180_000,
    );
    await until(
      'every mail sent',
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE status <> 'sent'`)).n === 0
          ? true
          : undefined,
      180_000,
    );

    const counts = await one<{ invitations: number; people: number; mails: number; responses: number; twice: number }>(
      `SELECT (SELECT count(*)::int FROM invitations WHERE campaign_id = $1) AS invitations,
              (SELECT count(DISTINCT contact_id)::int FROM invitations WHERE campaign_id = $1) AS people,
              (SELECT count(*)::int FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
                WHERE i.campaign_id = $1) AS mails,
              (SELECT count(*)::int FROM responses WHERE invitation_id = ANY($2::uuid[])) AS responses,
              (SELECT count(*)::int FROM (SELECT invitation_id FROM responses GROUP BY 1 HAVING count(*) > 1) d) AS twice`,
      [campaignId, tokens.map((t) => t.invitationId)],
    );
    expect(counts).toEqual({
      invitations: CONTACTS,
      people: CONTACTS,
      mails: CONTACTS,
      responses: SUBMISSIONS,
      twice: 0,
    });
    // A link sent twice is answered alike both times (the retry is safe) and stored once.
    expect(statuses.filter((s) => s === 200)).toHaveLength(SUBMISSIONS * 2);
    // Each person got the invitation once over SMTP.
    const recipients = smtp.inbox.map((delivered) => delivered.to.toLowerCase());
    expect(recipients).toHaveLength(CONTACTS);
    expect(new Set(recipients).size).toBe(CONTACTS);
    // No job was left failed or stuck.
    const jobs = await one<{ failed: number; locked: number }>(
      `SELECT count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed,
              count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS locked
         FROM graphile_worker.jobs WHERE task_identifier <> 'jobs.release_gone_workers'`,
    );
    expect(jobs).toEqual({ failed: 0, locked: 0 });
    process.stdout.write(
      `scale-out figures | ${JSON.stringify({
        contacts: CONTACTS,
        invitedAtKill,
        invitations: counts.invitations,
        mailsSent: recipients.length,
        submissions: outcomes.length,
        answered200: statuses.filter((s) => s === 200).length,
        stored: counts.responses,
        duplicated: counts.twice,
        fiveHundreds: statuses.filter((s) => typeof s === 'number' && s >= 500).length,
      })}\n`,
    );
  }, 600_000);
});
