import { ProblemType } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { newOpaqueToken, sha256 } from '../src/auth/opaque-tokens';
import { StaffRole } from '../src/auth/roles';
import { createTestApp } from './utils/app';
import { Call, Outcome, send, tally, until } from './utils/http-outcomes';
import { freePort } from './utils/ports';
import { completeAnswers, extractCsv, ExtractRow } from './utils/respondents';
import { BUILT_MAIN, OwnedPostgres, start, startOwnedPostgres, Started, waitUntilReady } from './utils/server';
import { newStaff, sessionFor } from './utils/staff';

/**
 * Crashes, restarts and shutdowns of the built server (what `npm start` runs), on a PostgreSQL
 * this file starts and owns, so it can also stop and restart the database under traffic.
 * Each test prints its figures: requests, 5xx, lost, duplicated.
 */

const SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(48).toString('base64url'),
};

let pgDir: string;
let pgPort: number;
let postgres: OwnedPostgres;
let db: Client;
let dataDir: string;
let port: number;
let server: Started | null = null;
let analyst: string;

const startPostgres = () => startOwnedPostgres(pgDir, pgPort);

/** Starts the built API on the owned database and waits until it is ready. */
async function startServer(env: Record<string, string> = {}): Promise<Started> {
  const started = start({
    ...SECRETS,
    DATABASE_URL: postgres.url,
    PORT: String(port),
    DATA_DIR: dataDir,
    MAIL_POLL_INTERVAL_MS: '0',
    RETENTION_SCHEDULE: 'false',
    SHUTDOWN_TIMEOUT_MS: '20000',
    ...env,
  });
  server = started;
  await waitUntilReady(port, started);
  return started;
}

/** The test's own connection; a database restart ends it, which must not end the test run. */
async function connectDb(): Promise<Client> {
  const client = new Client({ connectionString: postgres.url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function kill9(started: Started): Promise<void> {
  started.child.kill('SIGKILL');
  await started.exited;
  server = null;
}

const staff = (): Record<string, string> => ({ Authorization: `Bearer ${analyst}` });

async function api<T>(call: Call): Promise<{ status: number; body: T }> {
  const outcome = await send(port, call, false);
  if (outcome.kind !== 'answered') throw new Error(`${call.method} ${call.path}: ${outcome.kind} ${outcome.code}`);
  return { status: outcome.status, body: (outcome.body ? JSON.parse(outcome.body) : null) as T };
}

async function upload(csv: Buffer): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/contacts/imports`, {
    method: 'POST',
    headers: { ...staff(), 'Content-Type': 'text/csv' },
    body: new Uint8Array(csv),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

function contacts(prefix: string, count: number): ExtractRow[] {
  const countries = ['FR', 'DE', 'CN', 'US', 'BR', 'JP'];
  const segments = ['agent', 'applicant'];
  return Array.from({ length: count }, (_, i) => ({
    name: `Person ${prefix} ${i}`,
    email: `${prefix}-${i}@example.org`,
    country: countries[i % countries.length],
    segment: segments[i % segments.length],
    language: 'en',
  }));
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

/** Secret links for invitations of the survey that have no response yet, issued as a reminder would. */
async function tokensFor(surveyId: string, count: number): Promise<{ invitationId: string; token: string }[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT i.id FROM invitations i
      WHERE i.survey_id = $1 AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)
      ORDER BY i.id LIMIT $2`,
    [surveyId, count],
  );
  const issued = rows.map((row) => ({ invitationId: row.id, token: newOpaqueToken('', 32) }));
  await db.query(
    'INSERT INTO invitation_tokens (token_hash, invitation_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])',
    [issued.map((i) => sha256(i.token)), issued.map((i) => i.invitationId)],
  );
  return issued;
}

const submitCall = (token: string): Call => ({
  method: 'POST',
  path: '/api/v1/respond/submit',
  headers: { 'X-Invitation-Token': token },
  body: { answers: completeAnswers() },
});

/** How many responses each invitation has, for the given invitations. */
async function storedResponses(invitationIds: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ invitation_id: string; n: number }>(
    `SELECT invitation_id, count(*)::int AS n FROM responses WHERE invitation_id = ANY($1::uuid[]) GROUP BY 1`,
    [invitationIds],
  );
  return new Map(rows.map((row) => [row.invitation_id, row.n]));
}

/** Submissions that got 200 but are not stored, and invitations with more than one response. */
async function lostAndDuplicated(
  submissions: { invitationId: string; outcome: Outcome }[],
): Promise<{ lost: number; duplicated: number; stored: Map<string, number> }> {
  const stored = await storedResponses(submissions.map((s) => s.invitationId));
  const lost = submissions.filter(
    (s) => s.outcome.kind === 'answered' && s.outcome.status === 200 && !stored.has(s.invitationId),
  ).length;
  const duplicated = [...stored.values()].filter((n) => n > 1).length;
  return { lost, duplicated, stored };
}

/** Runs `calls` with at most `concurrency` in flight; `each` sees every outcome as it comes. */
async function fire<T extends { call: Call }>(
  items: T[],
  concurrency: number,
  agentFor: (index: number) => Agent | false,
  each: (item: T, outcome: Outcome, done: number) => void = () => undefined,
  sending: (index: number) => Promise<void> | void = () => undefined,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await sending(index);
      const outcome = await send(port, items[index].call, agentFor(index));
      outcomes[index] = outcome;
      each(items[index], outcome, ++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

function figures(name: string, values: Record<string, unknown>): void {
  process.stdout.write(`fault figures | ${name} | ${JSON.stringify(values)}\n`);
}

const isFiveHundred = (outcome: Outcome) => outcome.kind === 'answered' && outcome.status >= 500;

const SHUTTING_DOWN: string = ProblemType.ShuttingDown;
const DATABASE_UNAVAILABLE: string = ProblemType.DatabaseUnavailable;

/** The problem type of a 503 answer, if it is a proper one (problem+json with Retry-After). */
function unavailableType(outcome: Outcome): string | undefined {
  if (outcome.kind !== 'answered' || outcome.status !== 503) return undefined;
  if (!/^application\/problem\+json/.test(outcome.headers['content-type'] ?? '')) return undefined;
  if (!(Number(outcome.headers['retry-after']) > 0)) return undefined;
  return (JSON.parse(outcome.body) as { type?: string }).type;
}

/**
 * 5xx answers other than a proper 503 (the server shutting down, or no pooled connection free in
 * time on a loaded machine): there must be none.
 */
const improperFiveHundreds = (outcomes: Outcome[]) =>
  outcomes.filter((o) => isFiveHundred(o) && ![SHUTTING_DOWN, DATABASE_UNAVAILABLE].includes(unavailableType(o) ?? ''));

describe('the built server under crashes, restarts and shutdown', () => {
  let surveyId: string;

  beforeAll(async () => {
    if (!existsSync(BUILT_MAIN))
      throw new Error('The API is not built: npm test builds it first (or npm run build:api).');
    pgDir = mkdtempSync(join(tmpdir(), 'faults-pg-'));
    dataDir = mkdtempSync(join(tmpdir(), 'faults-data-'));
    pgPort = await freePort();
    port = await freePort();
    postgres = await startPostgres();
    db = await connectDb();
    // Staff are made through the services, as an administrator would; then that app is closed.
    const setup = await createTestApp({ databaseUrl: postgres.url, env: { ...SECRETS, DATA_DIR: dataDir } });
    try {
      analyst = await sessionFor(setup.app, await newStaff(setup.app, StaffRole.Analyst));
    } finally {
      await setup.close();
    }
  }, 120_000);

  afterAll(async () => {
    if (server) await kill9(server);
    await db?.end().catch(() => undefined);
    await postgres?.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('kill -9 during a contact import: the restarted server resumes it from the staged file, each row once, and drops the file', async () => {
    const first = await startServer();
    // Contacts for the campaign and the respondents below.
    const base = await upload(extractCsv(contacts('base', 3000)));
    await until(
      'the first import',
      async () =>
        (await one<{ status: string }>('SELECT status FROM contact_imports WHERE id = $1', [base])).status ===
        'completed'
          ? true
          : undefined,
      60_000,
    );
    const contactsBefore = (await one<{ n: number }>('SELECT count(*)::int AS n FROM contacts', [])).n;

    const killed = await upload(extractCsv(contacts('killed', 4000)));
    const before = await until(
      'the import half-way',
      async () => {
        const row = await one<{ status: string; processed_rows: number }>(
          'SELECT status, processed_rows FROM contact_imports WHERE id = $1',
          [killed],
        );
        return row.status === 'running' && row.processed_rows > 0 ? row : undefined;
      },
      60_000,
      5,
    );
    await kill9(first);
    const afterKill = await one<{ status: string; processed_rows: number }>(
      'SELECT status, processed_rows FROM contact_imports WHERE id = $1',
      [killed],
    );
    expect(afterKill.status).toBe('running');
    expect(afterKill.processed_rows).toBeLessThan(4000);
    // The upload is staged in the database (encrypted), not on the killed process's disk.
    const chunks = async () =>
      (await one<{ n: number }>('SELECT count(*)::int AS n FROM contact_import_chunks WHERE import_id = $1', [killed]))
        .n;
    expect(await chunks()).toBeGreaterThan(0);

    await startServer();
    // The restarted worker takes the killed process's job back and goes on after the rows recorded.
    const done = await until(
      'the resumed import',
      async () => {
        const row = await one<{ status: string; processed_rows: number }>(
          'SELECT status, processed_rows FROM contact_imports WHERE id = $1',
          [killed],
        );
        return row.status === 'completed' || row.status === 'failed' ? row : undefined;
      },
      120_000,
    );
    const job = await api<{ status: string; processedRows: number; percent: number; created: number }>({
      method: 'GET',
      path: `/api/v1/contacts/imports/${killed}`,
      headers: staff(),
    });
    expect(job.body).toMatchObject({ status: 'completed', processedRows: 4000, percent: 100, created: 4000 });
    // Each row once: the contacts grew by exactly the file's rows, and the staged file is gone.
    const contactsAfter = (await one<{ n: number }>('SELECT count(*)::int AS n FROM contacts', [])).n;
    expect(contactsAfter - contactsBefore).toBe(4000);
    expect(await chunks()).toBe(0);
    figures('kill -9 during an import', {
      rows: 4000,
      processedAtKill: afterKill.processed_rows,
      seenRunningAt: before.processed_rows,
      status: done.status,
      contactsAdded: contactsAfter - contactsBefore,
    });
  }, 240_000);

  it('kill -9 during a campaign: the restarted server finishes it, inviting each contact exactly once', async () => {
    const survey = await api<{ id: string }>({
      method: 'POST',
      path: '/api/v1/surveys',
      headers: staff(),
      body: { name: 'Crash and resume', questionnaire: sampleSatisfactionQuestionnaire() },
    });
    expect(survey.status).toBe(201);
    surveyId = survey.body.id;
    expect((await api({ method: 'POST', path: `/api/v1/surveys/${surveyId}/publish`, headers: staff() })).status).toBe(
      200,
    );
    const campaign = await api<{ id: string; targetCount: number }>({
      method: 'POST',
      path: `/api/v1/surveys/${surveyId}/campaigns`,
      headers: staff(),
      body: { name: 'Everyone', target: {} },
    });
    expect(campaign.status).toBe(202);
    const target = campaign.body.targetCount;
    expect(target).toBeGreaterThan(3000);
    const invitedAtKill = await until(
      'the campaign half-way',
      async () => {
        const row = await one<{ invited_count: number }>('SELECT invited_count FROM campaigns WHERE id = $1', [
          campaign.body.id,
        ]);
        return row.invited_count > 0 ? row.invited_count : undefined;
      },
      60_000,
      5,
    );
    await kill9(server!);
    const atKill = await one<{ status: string; invited_count: number }>(
      'SELECT status, invited_count FROM campaigns WHERE id = $1',
      [campaign.body.id],
    );
    expect(atKill.status).toBe('inviting');
    expect(atKill.invited_count).toBeGreaterThan(0);
    expect(atKill.invited_count).toBeLessThan(target);

    await startServer();
    await until(
      'the campaign to finish',
      async () =>
        (await one<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [campaign.body.id])).status ===
        'completed'
          ? true
          : undefined,
      120_000,
      100,
    );
    const counts = await one<{ invitations: number; people: number; invited_count: number; mails: number }>(
      `SELECT (SELECT count(*)::int FROM invitations WHERE campaign_id = $1) AS invitations,
              (SELECT count(DISTINCT contact_id)::int FROM invitations WHERE campaign_id = $1) AS people,
              (SELECT invited_count FROM campaigns WHERE id = $1) AS invited_count,
              (SELECT count(*)::int FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
                WHERE i.campaign_id = $1) AS mails`,
      [campaign.body.id],
    );
    const contactsNow = await one<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
    expect(counts).toEqual({ invitations: target, people: target, invited_count: target, mails: target });
    expect(contactsNow.n).toBe(target);
    figures('kill -9 during a campaign', {
      target,
      invitedAtKill: atKill.invited_count,
      seenAt: invitedAtKill,
      invitedAfterRestart: counts.invitations,
      duplicated: counts.invitations - counts.people,
      mails: counts.mails,
    });
  }, 240_000);

  it('kill -9 during respondent submissions: every submission answered 200 is stored, none twice', async () => {
    const invitees = await tokensFor(surveyId, 300);
    const items = invitees.map((invitee) => ({ ...invitee, call: submitCall(invitee.token) }));
    const started = server!;
    let killing: Promise<void> | null = null;
    const outcomes = await fire(
      items,
      20,
      () => false,
      (_item, _outcome, done) => {
        if (done === 100) killing = kill9(started);
      },
    );
    await killing;
    const submissions = items.map((item, i) => ({ invitationId: item.invitationId, outcome: outcomes[i] }));
    const { lost, duplicated } = await lostAndDuplicated(submissions);
    const unanswered = submissions.filter((s) => s.outcome.kind !== 'answered');
    expect(unanswered.length).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(improperFiveHundreds(outcomes)).toEqual([]);

    // The respondents whose answer never came send again: each is stored exactly once.
    await startServer();
    const retried = await fire(
      items.filter((_, i) => !(outcomes[i].kind === 'answered' && (outcomes[i] as { status: number }).status === 200)),
      10,
      () => false,
    );
    expect(tally(retried)).toEqual({ '200': retried.length });
    const after = await lostAndDuplicated(submissions);
    expect([...after.stored.values()].every((n) => n === 1)).toBe(true);
    expect(after.stored.size).toBe(items.length);
    figures('kill -9 during submissions', {
      requests: outcomes.length,
      outcomes: tally(outcomes),
      fiveHundreds: outcomes.filter(isFiveHundred).length,
      lost,
      duplicated,
      retried: retried.length,
      storedAfterRetry: after.stored.size,
    });
  }, 180_000);

  it('a PostgreSQL restart under traffic: 503 problem+json with Retry-After meanwhile, never 500, nothing lost or duplicated', async () => {
    const invitees = await tokensFor(surveyId, 400);
    const reads: Call[] = [
      { method: 'GET', path: `/api/v1/surveys/${surveyId}/statistics`, headers: staff() },
      { method: 'GET', path: '/api/v1/contacts?limit=20', headers: staff() },
    ];
    const outcomes: { call: Call; invitationId?: string; outcome: Outcome }[] = [];
    const readiness: number[] = [];
    let stopTraffic = false;
    let nextInvitee = 0;
    const traffic = async (worker: number) => {
      for (let i = 0; !stopTraffic; i++) {
        const invitee = i % 2 === 0 && nextInvitee < invitees.length ? invitees[nextInvitee++] : undefined;
        const call = invitee ? submitCall(invitee.token) : reads[(i + worker) % reads.length];
        outcomes.push({ call, invitationId: invitee?.invitationId, outcome: await send(port, call, false) });
        if (!invitee) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const unavailable = () => outcomes.filter((o) => o.outcome.kind === 'answered' && o.outcome.status === 503).length;
    const ok = () => outcomes.filter((o) => o.outcome.kind === 'answered' && o.outcome.status === 200).length;
    const running = Promise.all([0, 1, 2, 3].map(traffic));
    let down = false;
    try {
      await until('traffic before the restart', () => (ok() >= 20 ? true : undefined), 30_000);
      await postgres.stop();
      down = true;
      await until('503s while the database is down', () => (unavailable() >= 10 ? true : undefined), 30_000);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      readiness.push(ready.status);
      postgres = await startPostgres();
      down = false;
      const okBefore = ok();
      await until('traffic after the restart', () => (ok() >= okBefore + 30 ? true : undefined), 60_000);
    } finally {
      stopTraffic = true;
      await running;
      // Whatever happened, the next test gets its database back.
      if (down) postgres = await startPostgres();
      await db.end().catch(() => undefined);
      db = await connectDb();
    }
    readiness.push((await fetch(`http://127.0.0.1:${port}/health/ready`)).status);

    const all = outcomes.map((o) => o.outcome);
    expect(all.filter((o) => o.kind !== 'answered')).toEqual([]);
    const serverErrors = outcomes.filter((o) => isFiveHundred(o.outcome));
    const logOf = (requestId: string) =>
      server!
        .output()
        .split('\n')
        .filter((line) => line.includes(requestId));
    expect(
      serverErrors
        .filter((o) => o.outcome.kind === 'answered' && o.outcome.status !== 503)
        .map((o) => logOf(o.outcome.requestId)),
    ).toEqual([]);
    for (const { outcome } of serverErrors) {
      if (outcome.kind !== 'answered') continue;
      expect(outcome.status).toBe(503);
      expect(outcome.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(outcome.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(outcome.body)).toMatchObject({ status: 503, type: ProblemType.DatabaseUnavailable });
    }
    expect(readiness).toEqual([503, 200]);

    const submissions = outcomes.filter((o) => o.invitationId) as { invitationId: string; outcome: Outcome }[];
    const { lost, duplicated } = await lostAndDuplicated(submissions);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    // Those who got a 503 send again and are stored once.
    const retry = submissions.filter((s) => !(s.outcome.kind === 'answered' && s.outcome.status === 200));
    const retried = await fire(
      retry.map((s) => ({ call: submitCall(invitees.find((i) => i.invitationId === s.invitationId)!.token) })),
      5,
      () => false,
    );
    expect(tally(retried)).toEqual(retried.length ? { '200': retried.length } : {});
    const after = await lostAndDuplicated(submissions);
    expect(after.stored.size).toBe(submissions.length);
    expect([...after.stored.values()].every((n) => n === 1)).toBe(true);
    figures('PostgreSQL restart under traffic', {
      requests: all.length,
      outcomes: tally(all),
      fiveHundreds: serverErrors.length,
      status500: all.filter((o) => o.kind === 'answered' && o.status === 500).length,
      submissions: submissions.length,
      lost,
      duplicated,
      retried: retried.length,
    });
  }, 180_000);

  it('SIGTERM under load: each request completes or is refused before it starts, nothing is lost, exit code 0', async () => {
    // The mail sender works through the campaign's mail meanwhile (written as .eml files): its
    // runs must not hold up the HTTP drain, nor be cut by it.
    if (server) await kill9(server);
    const started = await startServer({ MAIL_POLL_INTERVAL_MS: '50' });
    await until('mail being sent', async () =>
      (await one<{ n: number }>("SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'sent'")).n > 0
        ? true
        : undefined,
    );
    const invitees = await tokensFor(surveyId, 150);
    const items: { call: Call; invitationId?: string }[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 2 === 0) {
        const invitee = invitees[i / 2];
        items.push({ call: submitCall(invitee.token), invitationId: invitee.invitationId });
      } else if (i % 10 === 1) {
        items.push({ call: { method: 'GET', path: '/health/ready' } });
      } else if (i % 4 === 1) {
        items.push({ call: { method: 'GET', path: `/api/v1/surveys/${surveyId}/statistics`, headers: staff() } });
      } else {
        items.push({ call: { method: 'GET', path: '/api/v1/contacts?limit=20', headers: staff() } });
      }
    }
    // Half the requests reuse keep-alive connections, half open a connection each.
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 40 });
    let signalledAt = 0;
    // Requests sent once the server has said it is shutting down must not be served.
    // Once SIGTERM is sent, the next requests wait until the server says it is shutting down.
    let drainSeen: Promise<unknown> | null = null;
    let draining = false;
    const sentWhileDraining = new Set<number>();
    const outcomes = await fire(
      items,
      80,
      (index) => (index % 2 === 0 ? keepAlive : false),
      (_item, _o, done) => {
        if (done === 100) {
          signalledAt = done;
          const from = started.output().length;
          started.child.kill('SIGTERM');
          drainSeen = until(
            'the server to say it is shutting down',
            () => (started.output().indexOf('"msg":"shutting down"', from) >= 0 ? true : undefined),
            10_000,
            2,
          ).then(() => (draining = true));
        }
      },
      async (index) => {
        if (drainSeen) await drainSeen;
        if (draining) sentWhileDraining.add(index);
      },
    );
    keepAlive.destroy();
    const code = await started.exited;
    server = null;
    expect(signalledAt).toBe(100);
    expect(code).toBe(0);
    expect(started.output()).toContain('stopped cleanly');
    expect(started.output()).not.toContain('were cut');

    // Every answer is a proper one: 200, or 503 refusing the request before any work (or 429 with
    // Retry-After: the analyst's heavy requests beyond its share, refused before any work too);
    // once shutdown has begun, nothing new is served, readiness included.
    expect(sentWhileDraining.size).toBeGreaterThan(0);
    const servedWhileDraining = [...sentWhileDraining].filter((i) => {
      const outcome = outcomes[i];
      return outcome.kind === 'answered' && unavailableType(outcome) !== SHUTTING_DOWN;
    });
    expect(servedWhileDraining.map((i) => items[i].call.path)).toEqual([]);
    const answered = outcomes.filter((o) => o.kind === 'answered');
    for (const outcome of answered) {
      expect([200, 429, 503]).toContain(outcome.status);
      if (outcome.status === 429) expect(outcome.headers['retry-after']).toBeDefined();
      expect(improperFiveHundreds([outcome])).toEqual([]);
      if (unavailableType(outcome) === SHUTTING_DOWN) expect(outcome.headers.connection).toBe('close');
    }
    expect(outcomes.filter((o) => o.kind === 'cut')).toEqual([]);
    // Requests that got no answer were never begun: the server logged none of them.
    const log = started.output();
    const unanswered = outcomes.filter((o) => o.kind !== 'answered');
    for (const outcome of unanswered) expect(log).not.toContain(outcome.requestId);
    expect(log).toContain(answered[0].requestId);

    const submissions = items
      .map((item, i) => ({ invitationId: item.invitationId, outcome: outcomes[i] }))
      .filter((s): s is { invitationId: string; outcome: Outcome } => s.invitationId !== undefined);
    const { lost, duplicated, stored } = await lostAndDuplicated(submissions);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    // Nothing refused was stored either: refusals happened before any work.
    const refused = submissions.filter(
      (s) => s.outcome.kind !== 'answered' || unavailableType(s.outcome) === SHUTTING_DOWN,
    );
    expect(refused.filter((s) => stored.has(s.invitationId))).toEqual([]);
    figures('SIGTERM under load', {
      requests: outcomes.length,
      outcomes: tally(outcomes),
      fiveHundreds: answered.filter((o) => o.status >= 500).length,
      refusedBeforeStart: unanswered.length + answered.filter((o) => unavailableType(o) === SHUTTING_DOWN).length,
      databaseUnavailable: answered.filter((o) => unavailableType(o) === DATABASE_UNAVAILABLE).length,
      closedOnReusedSocket: unanswered.filter((o) => o.kind === 'no-answer' && o.reusedSocket).length,
      sentWhileDraining: sentWhileDraining.size,
      lost,
      duplicated,
      exitCode: code,
    });
  }, 120_000);
});
