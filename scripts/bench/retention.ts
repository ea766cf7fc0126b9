/**
 * What the retention purge costs, and what it costs respondents submitting at the same time:
 *
 *  - Expired data, generated in SQL (generate_series), never through HTTP: BENCH_CONTACTS
 *    contacts collected 25 months ago, each with a data key in keystore.subject_keys, an
 *    invitation to an old closed survey, a secret-link token and a sent outbox row; and
 *    BENCH_RESPONSES responses submitted 25 months ago to BENCH_OLD_SURVEYS old surveys (one per
 *    expired contact linked to its invitation, the rest already anonymised), with free text.
 *  - Live data, not due: BENCH_LIVE_CONTACTS contacts imported now through ContactImportsService,
 *    invited to BENCH_LIVE_SURVEYS open surveys (one token each).
 *  - A load of respondent submissions (POST /api/v1/respond/submit over keep-alive HTTP to the
 *    application listening in this process), paced at BENCH_RATE per second, open loop (a
 *    submission's latency counts from when it was due, so a stall shows), each with its own token.
 *
 * Measured: the submissions' p50/p99/max for BENCH_BASELINE_SECONDS without a purge, then while
 * one retention run (RetentionService, as POST /retention/runs starts it) purges everything due,
 * then again without; the run's duration, per kind (from its receipt's progress); and, as a
 * baseline for the deletion itself, as many response rows in a scratch table (LIKE responses
 * INCLUDING ALL: same columns, checks and indexes, no foreign keys) deleted by plain batched
 * DELETEs walking the same index up to the same cut-off, same batch size, with no load. The run must delete exactly what was generated and every submission must be 200.
 *
 * The database is bench_retention_<timestamp> on the loopback server DATABASE_URL points to (or an
 * embedded PostgreSQL), migrated, dropped at the end even on failure, time-out or Ctrl-C.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:retention
 *   BENCH_RESPONSES=100000 BENCH_CONTACTS=20000 npm run bench:retention
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Agent, request, Server } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { StaffRole } from '../../apps/api/src/auth/roles';
import { closeGracefully, createApp } from '../../apps/api/src/app.factory';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { ContactImportsService } from '../../apps/api/src/contacts/contact-imports.service';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { InvitationTokens } from '../../apps/api/src/delivery/invitation-tokens';
import { RetentionRunTrigger } from '../../apps/api/src/retention/retention-run.entity';
import { RetentionService } from '../../apps/api/src/retention/retention.service';
import { tallyOf } from '../../apps/api/src/statistics/tally';
import { SurveysService } from '../../apps/api/src/surveys/surveys.service';
import { UsersService } from '../../apps/api/src/users/users.service';
import { cleanups, createBenchDatabase, runBenchmark } from './harness';
import { databaseServer, listen, positiveInt } from './in-process';

const RESPONSES = positiveInt('BENCH_RESPONSES', 1_000_000);
const CONTACTS = positiveInt('BENCH_CONTACTS', 200_000);
const OLD_SURVEYS = positiveInt('BENCH_OLD_SURVEYS', 5);
const LIVE_CONTACTS = positiveInt('BENCH_LIVE_CONTACTS', 5000);
const LIVE_SURVEYS = positiveInt('BENCH_LIVE_SURVEYS', 4);
/** Submissions started per second (open loop). */
const RATE = positiveInt('BENCH_RATE', 40);
/** Submissions in flight at most; beyond it a due submission waits (and its wait counts). */
const MAX_IN_FLIGHT = positiveInt('BENCH_MAX_IN_FLIGHT', 64);
const BASELINE_SECONDS = positiveInt('BENCH_BASELINE_SECONDS', 20);
const WARM_UP_SECONDS = positiveInt('BENCH_WARM_UP_SECONDS', 15);
const BATCH_SIZE = positiveInt('BENCH_BATCH_SIZE', 2000);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 3600);
const GENERATE_CHUNK = 100_000;
const REQUEST_TIMEOUT_MS = 60_000;
const SCRATCH = 'bench_plain_responses';

const answers = (i: number) => ({
  nps: i % 11,
  satisfaction: 1 + (i % 5),
  mainService: 'pct',
  channels: ['email'],
  filerType: 'attorney',
  contactedSupport: false,
  suggestions: `Benchmark respondent ${i}: more webinars, please.`,
});

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const thousands = (n: number) => n.toLocaleString('en-GB');

// ---------------------------------------------------------------------------------------------
// The load

interface LoadResult {
  done: number;
  failed: number;
  firstFailure: string;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** True when the tokens ran out before the load was told to stop. */
  exhausted: boolean;
}

function submit(agent: Agent, port: number, token: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/respond/submit',
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'X-Invitation-Token': token, 'Content-Type': 'application/json', 'Content-Length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Submits at RATE per second from `tokens` (consumed) until `until` resolves, over keep-alive
 * connections of its own (an idle one from an earlier phase could be closed by the server just
 * as it is reused).
 */
async function load(port: number, tokens: string[], until: Promise<unknown>): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  try {
    return await loadWith(agent, port, tokens, until);
  } finally {
    agent.destroy();
  }
}

async function loadWith(agent: Agent, port: number, tokens: string[], until: Promise<unknown>): Promise<LoadResult> {
  let stop = false;
  void until.finally(() => (stop = true));
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure = '';
  let inFlight = 0;
  let exhausted = false;
  const pending = new Set<Promise<void>>();
  const started = process.hrtime.bigint();
  const interval = 1e9 / RATE;
  for (let i = 0; !stop; i += 1) {
    const due = started + BigInt(Math.round(i * interval));
    const wait = Number(due - process.hrtime.bigint()) / 1e6;
    if (wait > 0) await Promise.race([sleep(wait), until]);
    if (stop) break;
    while (inFlight >= MAX_IN_FLIGHT) await Promise.race(pending);
    const token = tokens.pop();
    if (!token) {
      exhausted = true;
      break;
    }
    inFlight += 1;
    const body = Buffer.from(JSON.stringify({ answers: answers(i), questionnaireVersion: 1 }));
    const one: Promise<void> = submit(agent, port, token, body)
      .then(
        (status) => {
          if (status === 200) latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
          else {
            failed += 1;
            firstFailure ||= `status ${status}`;
          }
        },
        (error: Error) => {
          failed += 1;
          firstFailure ||= error.message;
        },
      )
      .finally(() => {
        inFlight -= 1;
        pending.delete(one);
      });
    pending.add(one);
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  return {
    done: latencies.length,
    failed,
    firstFailure,
    seconds: seconds(started),
    p50: at(0.5),
    p99: at(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    exhausted,
  };
}

const load1 = () => `load average ${loadavg()[0].toFixed(1)}`;

const describeLoad = (r: LoadResult) =>
  `${r.done} submissions in ${r.seconds.toFixed(1)} s (${(r.done / r.seconds).toFixed(1)}/s), ` +
  `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms` +
  (r.failed > 0 ? `, ${r.failed} FAILED (first: ${r.firstFailure})` : ', all 200') +
  (r.exhausted ? ' (tokens ran out: raise BENCH_LIVE_CONTACTS or BENCH_LIVE_SURVEYS)' : '') +
  `; ${load1()}`;

// ---------------------------------------------------------------------------------------------
// Set-up

function contactsCsv(count: number, tag: string): Buffer {
  const lines = ['full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language'];
  const countries = ['FR', 'DE', 'US', 'GB', 'CN', 'JP', 'BR', 'IN'];
  const segments = ['applicant', 'agent', 'holder', 'representative'];
  for (let i = 0; i < count; i += 1) {
    lines.push(
      `Respondent ${i} Müller,live.${i}.${tag}@bench.example.org,${countries[i % 8]},${segments[i % 4]},,Patent attorney,2010-01-01,ePCT,en`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function publishedSurvey(app: NestExpressApplication, analystId: string, name: string): Promise<string> {
  const surveys = app.get(SurveysService);
  const { survey } = await surveys.create(analystId, {
    name,
    questionnaire: sampleSatisfactionQuestionnaire() as unknown as Record<string, unknown>,
  });
  await surveys.publish(analystId, survey.id);
  return survey.id;
}

/** Every live contact invited to the survey (rows written directly), a token each. */
async function liveInvitations(dataSource: DataSource, surveyId: string, analystId: string): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    const [{ id: campaignId }]: { id: string }[] = await manager.query(
      `INSERT INTO campaigns (survey_id, name, target, max_reminders, status, target_count, invited_count, created_by, finished_at)
       VALUES ($1, 'Live', '{}', 0, 'completed', 0, 0, $2, now()) RETURNING id`,
      [surveyId, analystId],
    );
    const invitations: { id: string }[] = await manager.query(
      `INSERT INTO invitations (survey_id, campaign_id, contact_id, language, delivery_status, last_mailed_at)
       SELECT $1, $2, c.id, c.language, 'sent', now() FROM contacts c WHERE c.email_index IS NOT NULL
          AND c.collected_at > now() - interval '1 day' RETURNING id`,
      [surveyId, campaignId],
    );
    return InvitationTokens.issue(
      manager,
      invitations.map((row) => row.id),
    );
  });
}

/** The expired data, in SQL: contacts with keys, invitations, tokens and mail; old responses. */
async function generateExpired(dataSource: DataSource, oldSurveys: string[]): Promise<void> {
  const [{ old }]: { old: Date }[] = await dataSource.query(`SELECT now() - interval '25 months' AS old`);
  await dataSource.query(
    `UPDATE surveys SET status = 'closed', opened_at = $2::timestamptz - interval '1 month', closed_at = $2
      WHERE id = ANY($1::uuid[])`,
    [oldSurveys, old],
  );
  const [{ id: campaignId }]: { id: string }[] = await dataSource.query(
    `INSERT INTO campaigns (survey_id, name, target, max_reminders, status, target_count, invited_count, created_at, finished_at)
     VALUES ($1, 'Old', '{}', 0, 'completed', $2, $2, $3, $3) RETURNING id`,
    [oldSurveys[0], CONTACTS, old],
  );
  for (let from = 1; from <= CONTACTS; from += GENERATE_CHUNK) {
    const to = Math.min(CONTACTS, from + GENERATE_CHUNK - 1);
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO contacts (id, email_index, email_ciphertext, name_ciphertext, country, segment, role, platform, language,
                               collected_at, created_at, updated_at)
         SELECT gen_random_uuid(), decode(md5('bench-index-' || g) || md5('bench-index-2-' || g), 'hex'),
                decode(repeat(md5('bench-email-' || g), 3), 'hex'), decode(repeat(md5('bench-name-' || g), 2), 'hex'),
                (ARRAY['FR','DE','US','GB','CN','JP','BR','IN'])[1 + g % 8],
                (ARRAY['applicant','agent','holder','representative'])[1 + g % 4], 'Patent attorney', 'ePCT', 'en',
                $3::timestamptz - (g % 1440) * interval '1 minute', $3, $3
           FROM generate_series($1::int, $2::int) g`,
        [from, to, old],
      );
    });
  }
  await dataSource.query(
    `INSERT INTO keystore.subject_keys (subject_id, wrapped_key)
     SELECT id, decode(repeat(md5(id::text), 4), 'hex') FROM contacts WHERE collected_at <= $1`,
    [old],
  );
  await dataSource.query(
    `INSERT INTO invitations (survey_id, campaign_id, contact_id, language, delivery_status, last_mailed_at, opened_at,
                              started_at, completed_at, created_at)
     SELECT $1, $2, id, 'en', 'sent', collected_at, collected_at, collected_at, collected_at, collected_at
       FROM contacts WHERE collected_at <= $3`,
    [oldSurveys[0], campaignId, old],
  );
  await dataSource.query(
    `INSERT INTO invitation_tokens (token_hash, invitation_id, created_at)
     SELECT decode(md5('bench-token-' || id) || md5('bench-token-2-' || id), 'hex'), id, created_at
       FROM invitations WHERE survey_id = $1`,
    [oldSurveys[0]],
  );
  await dataSource.query(
    `INSERT INTO mail_outbox (subject_id, kind, invitation_id, status, attempts, next_attempt_at, sent_at, created_at)
     SELECT contact_id, 'invitation', id, 'sent', 1, created_at, created_at, created_at FROM invitations WHERE survey_id = $1`,
    [oldSurveys[0]],
  );
  // Responses: the first CONTACTS linked to the old invitations (one each), the rest anonymised.
  await dataSource.query(
    `CREATE TEMP TABLE bench_links AS
     SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM invitations WHERE survey_id = $1`,
    [oldSurveys[0]],
  );
  await dataSource.query('CREATE INDEX ON bench_links (n)');
  // The answers below take 55 forms (nps g % 11, satisfaction 1 + g % 5, so g % 55 names one);
  // each stored response carries its tally, computed by the application's own function.
  const questionnaire = sampleSatisfactionQuestionnaire();
  const tallies = Array.from({ length: 55 }, (_, k) =>
    tallyOf(questionnaire, {
      nps: k % 11,
      satisfaction: 1 + (k % 5),
      mainService: 'pct',
      channels: ['email'],
      filerType: 'attorney',
      contactedSupport: false,
    }),
  );
  for (let from = 1; from <= RESPONSES; from += GENERATE_CHUNK) {
    const to = Math.min(RESPONSES, from + GENERATE_CHUNK - 1);
    await dataSource.query(
      `INSERT INTO responses (id, survey_id, questionnaire_version, invitation_id, respondent_pseudonym, channel, answers,
                              free_text, anonymised_at, language, country, segment, role, relationship_band,
                              submitted_at, received_at, updated_at, tally)
       SELECT gen_random_uuid(), CASE WHEN l.id IS NULL THEN ($3::uuid[])[1 + g % $4::int] ELSE $3[1] END, 1, l.id,
              'r_' || substr(md5('bench-pseudonym-' || g), 1, 22), 'web',
              jsonb_build_object('nps', g % 11, 'satisfaction', 1 + g % 5, 'mainService', 'pct',
                                 'channels', jsonb_build_array('email'), 'filerType', 'attorney', 'contactedSupport', false),
              decode(repeat(md5('bench-free-text-' || g), 4), 'hex'), CASE WHEN l.id IS NULL THEN $5::timestamptz END,
              'en', (ARRAY['FR','DE','US','GB','CN','JP','BR','IN'])[1 + g % 8],
              (ARRAY['applicant','agent','holder','representative'])[1 + g % 4], 'Patent attorney', '3-5y',
              $5::timestamptz - (g % 20000) * interval '1 minute', $5, $5, (($6::text[])[1 + g % 55])::bigint[]
         FROM generate_series($1::int, $2::int) g LEFT JOIN bench_links l ON l.n = g`,
      [from, to, oldSurveys, OLD_SURVEYS, old, tallies],
    );
  }
  await dataSource.query('DROP TABLE bench_links');
  await dataSource.query('VACUUM ANALYZE');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const setUpStarted = process.hrtime.bigint();
  const databaseUrl = await createBenchDatabase(await databaseServer(), `bench_retention_${Date.now()}`);
  await runMigrations(databaseUrl);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    MAIL_POLL_INTERVAL_MS: '0',
    RESPOND_MAX_INVALID_TOKENS: '100000',
    RETENTION_BATCH_SIZE: String(BATCH_SIZE),
  });
  const app = await createApp({ config, logger: createRootLogger('info', sink) });
  cleanups.push(() => closeGracefully(app));
  await app.init();
  const server = app.getHttpServer() as Server;
  // Idle keep-alive connections stay open longer than any pause of the load, so the server never
  // closes one just as the client reuses it (a reset that is not the application's doing).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  const port = await listen(server);
  const dataSource = app.get(DataSource);
  const users = app.get(UsersService);
  const tag = randomUUID().slice(0, 8);
  const analyst = await users.create({
    email: `bench-analyst-${tag}@staff.example.org`,
    displayName: 'Bench analyst',
    role: StaffRole.Analyst,
    password: 'correct horse battery staple',
  });
  const officer = await users.create({
    email: `bench-officer-${tag}@staff.example.org`,
    displayName: 'Bench privacy officer',
    role: StaffRole.PrivacyOfficer,
    password: 'correct horse battery staple',
  });

  const csv = contactsCsv(LIVE_CONTACTS, tag);
  const imports = app.get(ContactImportsService);
  const job = await imports.start(analyst.id, Readable.from([csv]), 'text/csv', String(csv.length));
  await imports.settled(job.id);
  const tokens: string[] = [];
  for (let i = 0; i < LIVE_SURVEYS; i += 1) {
    const survey = await publishedSurvey(app, analyst.id, `Live survey ${i + 1}`);
    tokens.push(...(await liveInvitations(dataSource, survey, analyst.id)));
  }
  // Shuffled, so consecutive submissions go to different surveys and contacts.
  for (let i = tokens.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
  }
  const oldSurveys: string[] = [];
  for (let i = 0; i < OLD_SURVEYS; i += 1)
    oldSurveys.push(await publishedSurvey(app, analyst.id, `Old survey ${i + 1}`));
  console.log(
    `set-up: ${LIVE_CONTACTS} live contacts imported, ${LIVE_SURVEYS} open surveys, ${tokens.length} live tokens; ` +
      `${seconds(setUpStarted).toFixed(1)} s (not measured)`,
  );
  const generated = process.hrtime.bigint();
  await generateExpired(dataSource, oldSurveys);
  console.log(
    `expired data generated in SQL: ${thousands(RESPONSES)} responses to ${OLD_SURVEYS} closed surveys ` +
      `(${thousands(Math.min(CONTACTS, RESPONSES))} linked to invitations), ${thousands(CONTACTS)} contacts with keys, ` +
      `invitations, tokens and sent mail, all 25 months old; ${seconds(generated).toFixed(1)} s (not measured)`,
  );

  const retention = app.get(RetentionService);
  const previewStarted = process.hrtime.bigint();
  const preview = await retention.preview(0);
  const previewSeconds = seconds(previewStarted);
  const due = Object.fromEntries(preview.counts.map((c) => [c.kind, c.count]));
  console.log(
    `preview (GET /retention/preview?days=0): ${preview.counts.map((c) => `${c.kind} ${thousands(c.count)}`).join(', ')}; ` +
      `${previewSeconds.toFixed(2)} s`,
  );
  if (due.responses !== RESPONSES || due.contacts !== CONTACTS) {
    throw new Error(`the preview counts ${due.responses} responses and ${due.contacts} contacts due`);
  }

  // Bulk writes leave dirty pages behind: flush them now, not during the measurements.
  await dataSource.query('CHECKPOINT');
  // Warm-up (JIT, pools, caches), not reported.
  const warmUp = await load(port, tokens, sleep(WARM_UP_SECONDS * 1000));

  console.log(`\nRespondent submissions at ${RATE}/s (open loop, at most ${MAX_IN_FLIGHT} in flight)`);
  const before = await load(port, tokens, sleep(BASELINE_SECONDS * 1000));
  console.log(`   without a purge (before): ${describeLoad(before)}`);

  const runStarted = process.hrtime.bigint();
  const run = await retention.start(RetentionRunTrigger.Manual, officer.id);
  const finished = retention.settled(run.id);
  const phases: { kind: string; from: number }[] = [];
  const watch = (async () => {
    let last: string | null = null;
    for (let done = false; !done;) {
      done = await Promise.race([finished.then(() => true), sleep(100).then(() => false)]);
      const [{ current_kind: kind }]: { current_kind: string | null }[] = await dataSource.query(
        'SELECT current_kind FROM retention_runs WHERE id = $1',
        [run.id],
      );
      if (kind && kind !== last) phases.push({ kind, from: seconds(runStarted) });
      last = kind;
    }
  })();
  const during = await load(port, tokens, finished);
  await watch;
  const purgeSeconds = seconds(runStarted);
  const receipt = await retention.get(run.id);
  console.log(`   during the purge:         ${describeLoad(during)}`);
  const after = await load(port, tokens, sleep(BASELINE_SECONDS * 1000));
  console.log(`   without a purge (after):  ${describeLoad(after)}`);

  console.log(
    `\nRetention run (batches of ${BATCH_SIZE}, one transaction each): ${receipt.status} in ${purgeSeconds.toFixed(1)} s`,
  );
  console.log(
    `   deleted: ${Object.entries(receipt.counts)
      .map(([kind, n]) => `${kind} ${thousands(n)}`)
      .join(', ')}`,
  );
  phases.forEach((phase, i) => {
    const end = phases[i + 1]?.from ?? purgeSeconds;
    const n = receipt.counts[phase.kind] ?? 0;
    const took = end - phase.from;
    console.log(
      `   ${phase.kind.padEnd(16)} ${took.toFixed(1).padStart(7)} s` +
        (n > 0 ? `  ${thousands(Math.round(n / took))} ${phase.kind}/s` : ''),
    );
  });
  const left: { responses: number; contacts: number; keys: number }[] = await dataSource.query(
    `SELECT (SELECT count(*)::int FROM responses WHERE survey_id = ANY($1::uuid[])) AS responses,
            (SELECT count(*)::int FROM contacts WHERE collected_at < now() - interval '24 months') AS contacts,
            (SELECT count(*)::int FROM keystore.subject_keys k WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = k.subject_id)) AS keys`,
    [oldSurveys],
  );
  if (
    receipt.status !== 'completed' ||
    receipt.counts.responses !== RESPONSES ||
    receipt.counts.contacts !== CONTACTS ||
    left[0].responses + left[0].contacts + left[0].keys > 0
  ) {
    throw new Error(`the run left ${JSON.stringify(left[0])} or counted ${JSON.stringify(receipt.counts)}`);
  }
  const stored: { n: number }[] = await dataSource.query(
    'SELECT count(*)::int AS n FROM responses WHERE NOT (survey_id = ANY($1::uuid[]))',
    [oldSurveys],
  );
  const submitted = warmUp.done + before.done + during.done + after.done;
  if ([warmUp, before, during, after].some((r) => r.failed > 0) || stored[0].n !== submitted) {
    throw new Error(`${stored[0].n} live responses stored for ${submitted} submissions answered 200`);
  }

  // Baseline: the same number of response rows deleted by plain batched DELETEs, no load.
  await dataSource.query(`CREATE TABLE ${SCRATCH} (LIKE responses INCLUDING ALL)`);
  for (let from = 1; from <= RESPONSES; from += GENERATE_CHUNK) {
    const to = Math.min(RESPONSES, from + GENERATE_CHUNK - 1);
    await dataSource.query(
      `INSERT INTO ${SCRATCH} (id, survey_id, questionnaire_version, respondent_pseudonym, channel, answers, free_text,
                               language, country, segment, role, relationship_band, submitted_at, received_at, updated_at,
                               tally)
       SELECT gen_random_uuid(), $3::uuid, 1, r.respondent_pseudonym, 'web', r.answers,
              decode(repeat(md5('bench-free-text-' || g), 4), 'hex'), 'en', 'FR', 'agent', 'Patent attorney', '3-5y',
              r.submitted_at - interval '25 months' - (g % 20000) * interval '1 minute', r.received_at, r.updated_at,
              r.tally
         FROM (SELECT * FROM responses LIMIT 1) r, generate_series($1::int, $2::int) g`,
      [from, to, oldSurveys[0]],
    );
  }
  await dataSource.query(`VACUUM ANALYZE ${SCRATCH}`);
  const plainStarted = process.hrtime.bigint();
  let plainDeleted = 0;
  for (;;) {
    // The same walk as the run's: by the (survey_id, submitted_at) index, up to the cut-off.
    const [, n] = (await dataSource.query(
      `DELETE FROM ${SCRATCH} WHERE id IN (
         SELECT id FROM ${SCRATCH} WHERE survey_id = $1 AND submitted_at <= now() - interval '24 months' LIMIT $2)`,
      [oldSurveys[0], BATCH_SIZE],
    )) as [unknown, number];
    if (n === 0) break;
    plainDeleted += n;
  }
  const plainSeconds = seconds(plainStarted);
  const responsesPhase = phases.findIndex((p) => p.kind === 'responses');
  const responsesSeconds =
    responsesPhase >= 0 ? (phases[responsesPhase + 1]?.from ?? purgeSeconds) - phases[responsesPhase].from : NaN;
  console.log(
    `   baseline: plain batched DELETE of ${thousands(plainDeleted)} response rows from a scratch table, no load: ` +
      `${plainSeconds.toFixed(1)} s (${thousands(Math.round(plainDeleted / plainSeconds))} rows/s); the run's responses ` +
      `phase took ${(responsesSeconds / plainSeconds).toFixed(2)}x that, under load`,
  );

  const baselineP99 = Math.max(before.p99, after.p99);
  console.log('\nSummary');
  console.log(
    `   purge: ${thousands(RESPONSES)} responses and ${thousands(CONTACTS)} contacts (with keys, invitations, tokens, mail) ` +
      `in ${purgeSeconds.toFixed(1)} s`,
  );
  console.log(
    `   submissions p99: ${during.p99.toFixed(1)} ms during the purge vs ${before.p99.toFixed(1)} / ${after.p99.toFixed(1)} ms ` +
      `without (before / after): ${(during.p99 / baselineP99).toFixed(2)}x the worse of the two; ` +
      `p50 ${during.p50.toFixed(1)} vs ${before.p50.toFixed(1)} / ${after.p50.toFixed(1)} ms`,
  );
}

runBenchmark(main, TIMEOUT_SECONDS);
