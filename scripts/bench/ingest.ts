/**
 * What response ingestion costs, each channel against a baseline measured in the same run on the
 * same machine (compare the ratios, not the absolute figures):
 *
 *  1. Web submissions: BENCH_CONCURRENCY respondents at a time, each POSTing its answers to
 *     /api/v1/respond/submit with its own secret-link token (X-Invitation-Token) over a keep-alive
 *     connection to the listening application: submissions per second, p50/p99 latency. Every
 *     answer must be a 200 and the survey must then hold one web response per request.
 *     Baseline: the same rows (as the application stored them: pseudonym, closed answers as jsonb,
 *     free text encrypted) inserted one per statement, autocommit, by `pg` with a pool of as many
 *     connections as requests in flight, into a scratch table made LIKE responses INCLUDING ALL
 *     (same columns, checks and indexes; no foreign keys), each with its own id and invitation id.
 *     For scale, GET /health/live at the same concurrency: what the HTTP stack alone allows.
 *  2. Provider batches: POST /api/v1/provider/surveys/{id}/responses with an API key
 *     (responses:write, bound to the surveys), BENCH_BATCH_SIZE items per batch, each with its own
 *     providerResponseId and invitationToken, BENCH_BATCHES batches one after the other (or
 *     BENCH_BATCH_CONCURRENCY at a time): responses per second; every item must be `created`.
 *     Baseline: the same rows inserted with INSERT ... SELECT FROM unnest(), one statement (and
 *     transaction) per batch, as many at a time, into a scratch table LIKE responses. Batch bodies
 *     and baseline parameters are built before they are timed.
 *
 * Rounds are interleaved (the order of application and baseline alternates) and each round
 * answers a fresh survey, so every request uses an invitation nobody has answered; medians are
 * reported with the ratios application ÷ baseline and the aims (web 25%, batches 50%). Each figure
 * also gives the CPU time of this process per operation (application and client share it).
 *
 * Set-up, not measured: the application is booted in this process on a database of its own
 * (bench_ingest_<timestamp>, migrated, dropped at the end even on failure, time-out or Ctrl-C)
 * made on the server DATABASE_URL points to (a loopback server; the user must be allowed to
 * CREATE DATABASE), or without DATABASE_URL on an embedded PostgreSQL in a temporary folder. It
 * listens on 127.0.0.1 on a free port, with limits that do not get in the way
 * (RESPOND_MAX_INVALID_TOKENS, PROVIDER_REQUESTS_PER_MINUTE) and no mail sent
 * (MAIL_POLL_INTERVAL_MS=0). An analyst and an administrator are made through UsersService;
 * BENCH_CONTACTS contacts are imported through ContactImportsService from a generated CSV; the
 * analyst creates and publishes the sample questionnaire (one survey for the warm-up and one per
 * round) through SurveysService; every contact is invited to each survey by rows written
 * directly (a completed campaign and its invitations) and each invitation gets a token from
 * InvitationTokens.issue, which returns the plain values; the administrator makes the API key
 * through ApiKeysService. Only loopback traffic, bounded in count and in time.
 *
 * What is measured (BENCH_TARGET): by default the deployed form, the built API
 * (dist/apps/api/apps/api/src/main.js, npm run build:api) started as its own process with
 * NODE_ENV=production and the same keys, once the set-up is done and the application above closed;
 * BENCH_TARGET=in-process measures the application booted here instead. BENCH_API_NODE_ARGS
 * passes node options (e.g. --cpu-prof --cpu-prof-dir=DIR) to the deployed process.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:ingest
 *   BENCH_SUBMISSIONS=2000 BENCH_CONTACTS=8000 npm run bench:ingest
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, OutgoingHttpHeaders, request, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../apps/api/src/api-keys/api-keys.service';
import { ApiKeyScope, StaffRole } from '../../apps/api/src/auth/roles';
import { closeGracefully, createApp } from '../../apps/api/src/app.factory';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { ContactImportsService } from '../../apps/api/src/contacts/contact-imports.service';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { InvitationTokens } from '../../apps/api/src/delivery/invitation-tokens';
import { SurveysService } from '../../apps/api/src/surveys/surveys.service';
import { UsersService } from '../../apps/api/src/users/users.service';
import { DatabaseCost, databaseCost, tableSizes } from './database-cost';
import { cleanups, createBenchDatabase, freePort, runBenchmark } from './harness';
import { databaseServer, listen, median, positiveInt, runLoad as runLoadFor, type Sample } from './in-process';

/** Contacts made; each is invited to every survey of the run. */
const CONTACTS = positiveInt('BENCH_CONTACTS', 5000);
/** Web submissions per round (each a distinct invitation). */
const SUBMISSIONS = positiveInt('BENCH_SUBMISSIONS', 1000);
/** Web requests in flight, and connections of the baseline's pool. */
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 16);
/** Provider batches per round. */
const BATCHES = positiveInt('BENCH_BATCHES', 3);
/** Items per provider batch (the API takes at most 1,000). */
const BATCH_SIZE = positiveInt('BENCH_BATCH_SIZE', 1000);
/** Provider batches in flight (and baseline statements at a time). */
const BATCH_CONCURRENCY = positiveInt('BENCH_BATCH_CONCURRENCY', 1);
const ROUNDS = positiveInt('BENCH_ROUNDS', 3);
/** A single measurement stops early (and says so) once it has run this long. */
const MAX_SECONDS = positiveInt('BENCH_MAX_SECONDS', 60);
/** The whole run is abandoned (and cleaned up) after this long. */
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 600);
const REQUEST_TIMEOUT_MS = 30_000;
/** Warm-up (JIT, pools, caches), not reported: submissions (on a survey of its own) and requests to /health/live. */
const WARM_UP_SUBMISSIONS = Math.min(500, SUBMISSIONS);
const WARM_UP_HEALTH = 2000;
const WARM_UP_BATCHES = Math.min(2, BATCHES);
const WEB_SCRATCH = 'bench_web_responses_plain';
const BATCH_SCRATCH = 'bench_provider_responses_plain';
/** The aims: web submissions at 25% of the plain-insert rate, batches at 50% of theirs. */
const WEB_AIM = 0.25;
const BATCH_AIM = 0.5;
/** The API takes at most this many responses per batch. */
const MAX_BATCH = 1000;
/** An API key reaches at most this many surveys (one per round and the warm-up's). */
const MAX_KEY_SURVEYS = 100;
/**
 * What is measured: `deployed` (the default) is the built API (npm run build:api) started as its own
 * process with NODE_ENV=production, as it runs in production; `in-process` is the application
 * booted inside this process (client and server then share one event loop and one core).
 */
const TARGET = process.env.BENCH_TARGET ?? 'deployed';
/** Extra node options for the deployed API process, e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ROOT = resolvePath(__dirname, '../../../..');
const BUILT_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** Valid answers to the sample questionnaire, free text included (it is encrypted). */
function answers(i: number): Record<string, unknown> {
  return {
    nps: i % 11,
    satisfaction: 1 + (i % 5),
    mainService: 'pct',
    channels: ['email'],
    filerType: 'attorney',
    contactedSupport: false,
    suggestions: `Benchmark respondent ${i}: more webinars and clearer fee schedules, please.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

const runLoad = (count: number, concurrency: number, op: (i: number) => Promise<void>) =>
  runLoadFor(count, concurrency, op, MAX_SECONDS);

const rate = (r: number, unit: string, s?: Sample) =>
  `${r.toFixed(0)} ${unit}${s?.truncated ? ` (time cap: ${s.count} done)` : ''}`;
const latency = (s: Sample) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
const cpu = (s: Sample, per: string) => `CPU ${s.cpuMs.toFixed(2)} ms/${per}`;
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

function post(
  agent: Agent,
  port: number,
  path: string,
  headers: OutgoingHttpHeaders,
  body: unknown,
): Promise<{ status: number; body: string }> {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function get(agent: Agent, port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`GET ${path}: status ${res.statusCode}`)),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// The database of the run

// ---------------------------------------------------------------------------------------------
// Set-up (not measured)

const COUNTRIES = ['FR', 'DE', 'US', 'GB', 'CN', 'JP', 'BR', 'IN', 'EG', 'RU', 'MX', 'KE'];
const SEGMENTS = ['applicant', 'agent', 'holder', 'representative'];
const LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'];
const PLATFORMS = ['ePCT', 'Madrid', 'Hague'];

/** A valid extract in the columns of apps/api/test/fixtures/contacts-extract.csv. */
function contactsCsv(count: number, tag: string): Buffer {
  const lines = ['full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language'];
  for (let i = 0; i < count; i += 1) {
    const since = new Date(Date.UTC(2000, 0, 1) + (i % 8000) * 86_400_000).toISOString().slice(0, 10);
    lines.push(
      [
        `Respondent ${i} Müller-García`,
        `respondent.${i}.${tag}@bench.example.org`,
        COUNTRIES[i % COUNTRIES.length],
        SEGMENTS[i % SEGMENTS.length],
        '',
        i % 3 === 0 ? '' : 'Patent attorney',
        i % 7 === 0 ? '' : since,
        PLATFORMS[i % PLATFORMS.length],
        LANGUAGES[i % LANGUAGES.length],
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

interface BenchSurvey {
  id: string;
  /** Plain secret-link tokens, one per invitation (one invitation per contact). */
  tokens: string[];
}

/** A published survey of the sample questionnaire, every contact invited, each invitation with a token. */
async function surveyWithInvitations(
  app: NestExpressApplication,
  analystId: string,
  name: string,
): Promise<BenchSurvey> {
  const surveys = app.get(SurveysService);
  const { survey } = await surveys.create(analystId, {
    name,
    questionnaire: sampleSatisfactionQuestionnaire() as unknown as Record<string, unknown>,
  });
  await surveys.publish(analystId, survey.id);
  const tokens = await app.get(DataSource).transaction(async (manager) => {
    const [{ id: campaignId }]: { id: string }[] = await manager.query(
      `INSERT INTO campaigns (survey_id, name, target, max_reminders, status, target_count, invited_count, created_by,
                              finished_at)
       VALUES ($1, $2, '{}', 0, 'completed', $3, $3, $4, now()) RETURNING id`,
      [survey.id, `${name}: everyone`, CONTACTS, analystId],
    );
    const invitations: { id: string }[] = await manager.query(
      `INSERT INTO invitations (survey_id, campaign_id, contact_id, language, delivery_status, last_mailed_at)
       SELECT $1, $2, c.id, c.language, 'sent', now() FROM contacts c ORDER BY c.id
       RETURNING id`,
      [survey.id, campaignId],
    );
    return InvitationTokens.issue(
      manager,
      invitations.map((row) => row.id),
    );
  });
  if (tokens.length !== CONTACTS) throw new Error(`${tokens.length} invitations made, not ${CONTACTS}`);
  return { id: survey.id, tokens };
}

interface Setup {
  port: number;
  dataSource: DataSource;
  databaseUrl: string;
  apiKey: string;
  warmUp: BenchSurvey;
  rounds: BenchSurvey[];
}

async function setUp(): Promise<Setup> {
  const started = Date.now();
  const databaseUrl = await createBenchDatabase(await databaseServer(), `bench_ingest_${Date.now()}`);
  await runMigrations(databaseUrl);

  // Logging stays on (it is part of the cost) but goes nowhere.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  // BENCH_POOLER=host:port sends the application (not the baselines) through a pooler such as
  // PgBouncer; DB_PREPARED_STATEMENTS is passed on as the API reads it.
  const appUrl = new URL(databaseUrl);
  if (process.env.BENCH_POOLER) appUrl.host = process.env.BENCH_POOLER;
  // The same keys for the application set up here and the deployed process: the tokens issued
  // here must be valid there, the free text it encrypts readable here.
  const environment: Record<string, string> = {
    DATABASE_URL: appUrl.toString(),
    DB_PREPARED_STATEMENTS: process.env.DB_PREPARED_STATEMENTS ?? 'true',
    MASTER_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    MAIL_POLL_INTERVAL_MS: '0',
    RESPOND_MAX_INVALID_TOKENS: '100000',
    PROVIDER_REQUESTS_PER_MINUTE: '1000000',
  };
  const config = loadConfig({ ...environment, NODE_ENV: 'test' });
  const app = await createApp({ config, logger: createRootLogger('info', sink) });
  let closed = false;
  const closeApp = async () => {
    if (closed) return;
    closed = true;
    await closeGracefully(app);
  };
  cleanups.push(closeApp);
  await app.init();
  let port = await listen(app.getHttpServer() as Server);
  let dataSource = app.get(DataSource);

  const users = app.get(UsersService);
  const tag = randomUUID().slice(0, 8);
  const password = 'correct horse battery staple';
  const analyst = await users.create({
    email: `bench-analyst-${tag}@staff.example.org`,
    displayName: 'Bench analyst',
    role: StaffRole.Analyst,
    password,
  });
  const admin = await users.create({
    email: `bench-admin-${tag}@staff.example.org`,
    displayName: 'Bench administrator',
    role: StaffRole.Admin,
    password,
  });

  const csv = contactsCsv(CONTACTS, tag);
  const imports = app.get(ContactImportsService);
  const job = await imports.start(analyst.id, Readable.from([csv]), 'text/csv', String(csv.length));
  await imports.settled(job.id);
  const imported = await imports.get(job.id);
  const [{ contacts }]: { contacts: number }[] = await dataSource.query(
    'SELECT count(*)::int AS contacts FROM contacts',
  );
  if (imported.status !== 'completed' || contacts !== CONTACTS) {
    throw new Error(`the contact import ended ${imported.status} with ${contacts} contacts, not ${CONTACTS}`);
  }

  const warmUp = await surveyWithInvitations(app, analyst.id, 'Bench warm-up');
  const rounds: BenchSurvey[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    rounds.push(await surveyWithInvitations(app, analyst.id, `Bench round ${round}`));
  }
  const { secret } = await app.get(ApiKeysService).create(admin.id, {
    name: 'Bench provider',
    scopes: [ApiKeyScope.ResponsesWrite],
    surveyIds: [warmUp.id, ...rounds.map((survey) => survey.id)],
    expiresAt: new Date(Date.now() + 24 * 3600_000),
  });
  if (TARGET === 'deployed') {
    // Only the deployed process serves (and runs background work) while measuring.
    await closeApp();
    dataSource = new DataSource({ type: 'postgres', url: databaseUrl });
    await dataSource.initialize();
    const ownDataSource = dataSource;
    cleanups.push(() => ownDataSource.destroy());
    port = await startDeployedApi(environment);
  } else if (TARGET !== 'in-process') {
    throw new Error(`BENCH_TARGET must be deployed or in-process, not ${TARGET}`);
  }
  console.log(
    `set-up: ${CONTACTS} contacts imported, ${ROUNDS + 1} published surveys with ${CONTACTS} invitations and ` +
      `tokens each, an API key; ${((Date.now() - started) / 1000).toFixed(1)} s (not measured)`,
  );
  console.log(
    TARGET === 'deployed'
      ? `measured: the built API (${BUILT_MAIN.slice(ROOT.length + 1)}) in its own process, NODE_ENV=production` +
          (API_NODE_ARGS.length > 0 ? `, node ${API_NODE_ARGS.join(' ')}` : '')
      : 'measured: the application in this process (NODE_ENV=test), sharing its event loop with the client',
  );
  return { port, dataSource, databaseUrl, apiKey: secret, warmUp, rounds };
}

/** Starts the built API with NODE_ENV=production on a free port and waits for /health/ready. */
async function startDeployedApi(environment: Record<string, string>): Promise<number> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const child: ChildProcess = spawn(process.execPath, [...API_NODE_ARGS, BUILT_MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...environment,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DEMO: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    // Its log (info, as deployed) is read and dropped, as the in-process sink does.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((done) => setTimeout(() => done(false), STOP_TIMEOUT_MS)),
    ]);
    if (!stopped) {
      console.error(`the API process did not stop in ${STOP_TIMEOUT_MS} ms; killing it`);
      child.kill('SIGKILL');
      await exited;
    }
  });
  const agent = new Agent({ keepAlive: false });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the API process exited early (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (
      await get(agent, port, '/health/ready').then(
        () => true,
        () => false,
      )
    )
      return port;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`the API was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
}

// ---------------------------------------------------------------------------------------------
// Baselines: the rows the application stored, inserted again by plain `pg`

const COLUMNS = [
  'id',
  'survey_id',
  'questionnaire_version',
  'invitation_id',
  'respondent_pseudonym',
  'channel',
  'provider_response_id',
  'api_key_id',
  'answers',
  'free_text',
  'language',
  'country',
  'segment',
  'role',
  'relationship_band',
  'submitted_at',
  'received_at',
  'updated_at',
  'tally',
] as const;
const TYPES = [
  'uuid',
  'uuid',
  'int',
  'uuid',
  'text',
  'text',
  'text',
  'uuid',
  'jsonb',
  'bytea',
  'text',
  'text',
  'text',
  'text',
  'text',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  // The tally (bigint[]) as its text form: unnest would flatten an array of arrays.
  'text',
];

type Row = Record<(typeof COLUMNS)[number], unknown>;

/** Responses the application stored, to copy in the baselines (same sizes, same values). */
async function storedRows(dataSource: DataSource, surveyId: string, channel: string): Promise<Row[]> {
  const rows: Row[] = await dataSource.query(
    `SELECT ${COLUMNS.join(', ')} FROM responses WHERE survey_id = $1 AND channel = $2 ORDER BY received_at, id`,
    [surveyId, channel],
  );
  if (rows.length === 0) throw new Error(`no ${channel} responses were stored to copy`);
  return rows;
}

/** A stored row as a new one: its own id, invitation and provider id (the unique keys), and now. */
function copyOf(template: Row, serial: string): unknown[] {
  const now = new Date();
  const row: Row = {
    ...template,
    id: randomUUID(),
    invitation_id: randomUUID(),
    provider_response_id: template.provider_response_id === null ? null : `bench-copy-${serial}`,
    answers: JSON.stringify(template.answers),
    tally: `{${(template.tally as string[]).join(',')}}`,
    submitted_at: now,
    received_at: now,
    updated_at: now,
  };
  return COLUMNS.map((column) => row[column]);
}

const SINGLE_INSERT = (table: string) =>
  `INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_c, i) => `$${i + 1}`).join(', ')})`;
const UNNEST_INSERT = (table: string) =>
  `INSERT INTO ${table} (${COLUMNS.join(', ')})
   SELECT ${COLUMNS.map((column) => (column === 'tally' ? 'u.tally::bigint[]' : `u.${column}`)).join(', ')}
     FROM unnest(${TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')}) AS u(${COLUMNS.join(', ')})`;

// ---------------------------------------------------------------------------------------------
// The two channels

const SUBMIT_PATH = '/api/v1/respond/submit';

function webSubmissions(port: number, agent: Agent, tokens: string[]) {
  let statusProblems = 0;
  let firstProblem = '';
  const op = async (i: number) => {
    const answer = await post(
      agent,
      port,
      SUBMIT_PATH,
      { 'X-Invitation-Token': tokens[i] },
      { answers: answers(i), questionnaireVersion: 1 },
    );
    if (answer.status !== 200 || (JSON.parse(answer.body) as { status?: string }).status !== 'submitted') {
      statusProblems += 1;
      firstProblem ||= `${answer.status} ${answer.body.slice(0, 300)}`;
    }
  };
  return { op, problems: () => ({ count: statusProblems, first: firstProblem }) };
}

/** The batches are built and serialised before they are timed: the client's work is not the API's. */
function providerBatches(port: number, agent: Agent, apiKey: string, survey: BenchSurvey, firstToken: number) {
  const submittedAt = new Date(Date.now() - 3600_000).toISOString();
  const bodies = Array.from({ length: BATCHES }, (_unused, batch) => {
    const from = firstToken + batch * BATCH_SIZE;
    const responses = survey.tokens.slice(from, from + BATCH_SIZE).map((invitationToken, j) => ({
      providerResponseId: `provider-${survey.id.slice(0, 8)}-${from + j}`,
      invitationToken,
      answers: answers(from + j),
      questionnaireVersion: 1,
      submittedAt,
      language: 'en',
    }));
    return Buffer.from(JSON.stringify({ responses }));
  });
  let created = 0;
  let firstProblem = '';
  const op = async (batch: number) => {
    const answer = await post(
      agent,
      port,
      `/api/v1/provider/surveys/${survey.id}/responses`,
      { 'X-API-Key': apiKey },
      bodies[batch],
    );
    const result = answer.status === 200 ? (JSON.parse(answer.body) as { created: number }) : null;
    if (result) created += result.created;
    if (!result || result.created !== BATCH_SIZE) {
      firstProblem ||= `${answer.status} ${answer.body.slice(0, 300)}`;
    }
  };
  return { op, created: () => created, problem: () => firstProblem };
}

async function countResponses(dataSource: DataSource, surveyId: string, channel: string): Promise<number> {
  const [{ count }]: { count: number }[] = await dataSource.query(
    'SELECT count(*)::int AS count FROM responses WHERE survey_id = $1 AND channel = $2',
    [surveyId, channel],
  );
  return count;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (BATCH_SIZE > MAX_BATCH) throw new Error(`BENCH_BATCH_SIZE must be at most ${MAX_BATCH} (the API's limit)`);
  if (ROUNDS >= MAX_KEY_SURVEYS) throw new Error(`BENCH_ROUNDS must be below ${MAX_KEY_SURVEYS}`);
  const perRound = SUBMISSIONS + BATCHES * BATCH_SIZE;
  // The warm-up answers no more invitations of its survey than a round does of its own.
  if (perRound > CONTACTS) {
    throw new Error(
      `each round answers BENCH_SUBMISSIONS + BENCH_BATCHES × BENCH_BATCH_SIZE = ${perRound} invitations of its ` +
        `survey: raise BENCH_CONTACTS (${CONTACTS}) to at least that`,
    );
  }
  const { port, dataSource, databaseUrl, apiKey, warmUp, rounds } = await setUp();
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, BATCH_CONCURRENCY) });
  cleanups.push(async () => agent.destroy());
  const pool = new Pool({ connectionString: databaseUrl, max: Math.max(CONCURRENCY, BATCH_CONCURRENCY) });
  // pool.end() resolves before every backend has gone, and the database is dropped WITH (FORCE) just
  // after: a connection cut then is expected (unhandled, it would crash the run).
  let poolEnded = false;
  pool.on('error', (error) => {
    if (!poolEnded) console.error('baseline pool:', error);
  });
  cleanups.push(() => {
    poolEnded = true;
    return pool.end();
  });
  for (const table of [WEB_SCRATCH, BATCH_SCRATCH]) {
    await pool.query(`CREATE TABLE ${table} (LIKE responses INCLUDING ALL)`);
  }

  // Warm-up (JIT, pools, caches), and the rows the baselines copy.
  const warmWeb = webSubmissions(port, agent, warmUp.tokens);
  await runLoad(WARM_UP_SUBMISSIONS, CONCURRENCY, warmWeb.op);
  const warmBatch = providerBatches(port, agent, apiKey, warmUp, WARM_UP_SUBMISSIONS);
  await runLoad(WARM_UP_BATCHES, BATCH_CONCURRENCY, warmBatch.op);
  if (warmWeb.problems().count > 0 || warmBatch.problem()) {
    throw new Error(`warm-up failed: ${warmWeb.problems().first || warmBatch.problem()}`);
  }
  const webTemplates = await storedRows(dataSource, warmUp.id, 'web');
  const batchTemplates = await storedRows(dataSource, warmUp.id, 'provider');
  let serial = 0;
  const plainInsert = async () => {
    serial += 1;
    await pool.query(SINGLE_INSERT(WEB_SCRATCH), copyOf(webTemplates[serial % webTemplates.length], String(serial)));
  };
  await runLoad(WARM_UP_SUBMISSIONS, CONCURRENCY, plainInsert);
  /** `count` statements' parameters, built before they are timed (as the batches' bodies are). */
  const unnestInserts = (count: number) => {
    const statements = Array.from({ length: count }, () => {
      const columns: unknown[][] = COLUMNS.map(() => []);
      for (let j = 0; j < BATCH_SIZE; j += 1) {
        serial += 1;
        copyOf(batchTemplates[serial % batchTemplates.length], String(serial)).forEach((value, c) =>
          columns[c].push(value),
        );
      }
      return columns;
    });
    return async (i: number) => {
      await pool.query(UNNEST_INSERT(BATCH_SCRATCH), statements[i]);
    };
  };
  await runLoad(WARM_UP_BATCHES, BATCH_CONCURRENCY, unnestInserts(WARM_UP_BATCHES));

  const health = () => get(agent, port, '/health/live');
  await runLoad(WARM_UP_HEALTH, CONCURRENCY, health);

  console.log(`\n1. Web submissions (POST ${SUBMIT_PATH}, one invitation each, free text encrypted)`);
  console.log(
    `   submissions per round: ${SUBMISSIONS}, concurrency: ${CONCURRENCY} (baseline pool: ${CONCURRENCY} connections), ` +
      `rounds: ${ROUNDS} (interleaved, order alternating); for scale, GET /health/live (the HTTP stack, no database)`,
  );
  const web = { app: [] as number[], plain: [] as number[], ratio: [] as number[], floor: [] as number[] };
  const webCost: DatabaseCost[] = [];
  /** Runs `load`, adding what it cost the database per operation to `costs` (with pg_stat_statements). */
  const costed = async (costs: DatabaseCost[], perSample: number, load: () => Promise<Sample>) => {
    const before = await databaseCost(dataSource);
    const sample = await load();
    const after = await databaseCost(dataSource);
    if (before && after) costs.push(after.minus(before).per(sample.count * perSample));
    return sample;
  };
  const webLatency = { p50: [] as number[], p99: [] as number[] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    const survey = rounds[round - 1];
    const submissions = webSubmissions(port, agent, survey.tokens);
    const measure = {
      app: () => costed(webCost, 1, () => runLoad(SUBMISSIONS, CONCURRENCY, submissions.op)),
      plain: () => runLoad(SUBMISSIONS, CONCURRENCY, plainInsert),
      floor: () => runLoad(SUBMISSIONS, CONCURRENCY, health),
    };
    const order = round % 2 === 1 ? (['floor', 'app', 'plain'] as const) : (['plain', 'app', 'floor'] as const);
    const samples: Partial<Record<keyof typeof measure, Sample>> = {};
    for (const name of order) samples[name] = await measure[name]();
    const { app, plain, floor } = samples as Record<keyof typeof measure, Sample>;
    const problems = submissions.problems();
    const stored = await countResponses(dataSource, survey.id, 'web');
    if (problems.count > 0 || stored !== app.count) {
      throw new Error(
        `round ${round}: ${problems.count} of ${app.count} submissions did not answer 200 submitted ` +
          `(first: ${problems.first}); ${stored} web responses stored`,
      );
    }
    const ratio = app.rate / plain.rate;
    web.app.push(app.rate);
    web.plain.push(plain.rate);
    web.ratio.push(ratio);
    web.floor.push(floor.rate / plain.rate);
    webLatency.p50.push(app.p50);
    webLatency.p99.push(app.p99);
    console.log(`   round ${round}: web/plain ${percent(ratio)}, health/plain ${percent(floor.rate / plain.rate)}`);
    console.log(
      `     web submissions   ${rate(app.rate, 'submissions/s', app).padStart(18)}  ${latency(app)}, ${cpu(app, 'request')}; ` +
        `${stored} stored, all 200`,
    );
    console.log(
      `     plain INSERT (pg) ${rate(plain.rate, 'rows/s', plain).padStart(18)}  ${latency(plain)}, ${cpu(plain, 'row')}`,
    );
    console.log(
      `     GET /health/live  ${rate(floor.rate, 'req/s', floor).padStart(18)}  ${latency(floor)}, ${cpu(floor, 'request')}`,
    );
  }

  console.log(
    `\n2. Provider batches (POST /api/v1/provider/surveys/{id}/responses, API key, invitationToken per item)`,
  );
  console.log(
    `   per round: ${BATCHES} batches of ${BATCH_SIZE}, ${BATCH_CONCURRENCY} at a time; baseline: INSERT ... SELECT ` +
      `FROM unnest(), ${BATCH_SIZE} rows per statement; rounds: ${ROUNDS} (interleaved, order alternating)`,
  );
  const batch = { app: [] as number[], plain: [] as number[], ratio: [] as number[] };
  const batchCost: DatabaseCost[] = [];
  const appBatches = (op: (i: number) => Promise<void>) =>
    costed(batchCost, BATCH_SIZE, () => runLoad(BATCHES, BATCH_CONCURRENCY, op));
  for (let round = 1; round <= ROUNDS; round += 1) {
    const survey = rounds[round - 1];
    const batches = providerBatches(port, agent, apiKey, survey, SUBMISSIONS);
    const unnestInsert = unnestInserts(BATCHES);
    let app: Sample | undefined;
    let plain: Sample | undefined;
    if (round % 2 === 1) {
      app = await appBatches(batches.op);
      plain = await runLoad(BATCHES, BATCH_CONCURRENCY, unnestInsert);
    } else {
      plain = await runLoad(BATCHES, BATCH_CONCURRENCY, unnestInsert);
      app = await appBatches(batches.op);
    }
    const stored = await countResponses(dataSource, survey.id, 'provider');
    if (batches.problem() || stored !== app.count * BATCH_SIZE || batches.created() !== stored) {
      throw new Error(
        `round ${round}: ${batches.created()} created of ${app.count * BATCH_SIZE} sent, ${stored} stored ` +
          `(first problem: ${batches.problem() || 'none'})`,
      );
    }
    const appRate = (app.count * BATCH_SIZE) / app.seconds;
    const plainRate = (plain.count * BATCH_SIZE) / plain.seconds;
    const ratio = appRate / plainRate;
    batch.app.push(appRate);
    batch.plain.push(plainRate);
    batch.ratio.push(ratio);
    console.log(`   round ${round}: batches/unnest ${percent(ratio)}`);
    console.log(
      `     provider batches  ${rate(appRate, 'responses/s', app).padStart(18)}  per batch ${latency(app)}, ` +
        `${cpu(app, 'batch')}; ${stored} created`,
    );
    console.log(
      `     unnest INSERT     ${rate(plainRate, 'rows/s', plain).padStart(18)}  per statement ${latency(plain)}, ` +
        `${cpu(plain, 'statement')}`,
    );
  }

  const webRatio = median(web.ratio);
  const batchRatio = median(batch.ratio);
  const verdict = (ratio: number, aim: number) => (ratio >= aim ? 'meets' : 'BELOW') + ` the aim of ${percent(aim)}`;
  console.log('\nSummary (medians over the rounds)');
  console.log(
    `   web submissions:  ${median(web.app).toFixed(0)} submissions/s (p50 ${median(webLatency.p50).toFixed(1)} ms, ` +
      `p99 ${median(webLatency.p99).toFixed(1)} ms) vs plain single-row INSERT ${median(web.plain).toFixed(0)} rows/s: ` +
      `${percent(webRatio)}, ${verdict(webRatio, WEB_AIM)} (GET /health/live alone: ${percent(median(web.floor))})`,
  );
  console.log(
    `   provider batches: ${median(batch.app).toFixed(0)} responses/s vs multi-row INSERT (unnest) ` +
      `${median(batch.plain).toFixed(0)} rows/s: ${percent(batchRatio)}, ${verdict(batchRatio, BATCH_AIM)}`,
  );
  await printDatabaseCosts(dataSource, webCost, batchCost);
}

/**
 * What each stored response cost PostgreSQL (statement time, WAL) and what it occupies on disk:
 * the figures the capacity model (docs/capacity.md) scales to a year's responses.
 */
async function printDatabaseCosts(dataSource: DataSource, web: DatabaseCost[], batch: DatabaseCost[]): Promise<void> {
  console.log("\nDatabase cost (this benchmark's database only; medians over the rounds)");
  if (web.length === 0) {
    console.log('   pg_stat_statements is not loaded on this server: statement time and WAL not measured');
  } else {
    console.log(`   per web submission:        ${DatabaseCost.median(web).describe()}`);
    console.log(`   per provider batch item:   ${DatabaseCost.median(batch).describe()}`);
  }
  await dataSource.query('VACUUM ANALYZE');
  const [{ count }] = (await dataSource.query('SELECT count(*)::int AS count FROM responses')) as Array<{
    count: number;
  }>;
  const sizes = await tableSizes(dataSource);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  console.log(`   on disk, ${count} responses stored (tables with their indexes and TOAST):`);
  for (const { table, bytes, rows } of sizes) {
    console.log(
      `     ${table.padEnd(28)} ${(bytes / 1024 / 1024).toFixed(1).padStart(8)} MiB, ${rows.toFixed(0).padStart(8)} rows` +
        (table === 'responses' ? `: ${kib(bytes / count)} per response` : ''),
    );
  }
}

runBenchmark(main, TIMEOUT_SECONDS);
