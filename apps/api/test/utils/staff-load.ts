import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApiClient } from '@survey/api-client';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { sampleSatisfactionQuestionnaire, type Answers, type Questionnaire } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { tallyOf } from '../../src/statistics/tally';
import { freePort } from './ports';
import { BANDS, EUROPEAN_COUNTRIES as COUNTRIES, ROLES, SEGMENTS } from './synthetic-demographics';
import { completeAnswers, extractCsv, surveyWithInvitees, type Invitee } from './respondents';
import { BUILT_MAIN, start, waitUntilReady } from './server';

/**
 * The load of "one analyst hammers exports and statistics while respondents answer": shared by
 * the load test (apps/api/test/heavy-work-load.e2e-spec.ts) and the benchmark
 * (scripts/bench/staff-load.ts). Plain HTTP (fetch) to the built server, in a process of its own,
 * listening on 127.0.0.1. The timed requests (respondentPhase, hammer) are the load: each is a bare
 * fetch whose body is drained unread, without the typed client's request building, middleware or
 * body parsing; set-up and waiting between phases go through the typed client.
 */

const INSERT = `
  INSERT INTO responses (id, survey_id, questionnaire_version, respondent_pseudonym, channel, provider_response_id,
                         answers, tally, language, country, segment, role, relationship_band, submitted_at,
                         received_at, updated_at)
  SELECT gen_random_uuid(), $1, 1, 'r_load_' || u.n, 'provider', 'p' || u.n, u.answers::jsonb, u.tally::bigint[],
         'en', u.country, u.segment, u.role, u.band, now() - (u.n % 365) * interval '1 day', now(), now()
    FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
      AS u(n, answers, tally, country, segment, role, band)`;

function syntheticAnswers(n: number): Answers {
  const contactedSupport = n % 3 === 0;
  return {
    nps: (n * 7) % 11,
    satisfaction: 1 + ((n * 3) % 5),
    mainService: ['pct', 'madrid', 'hague'][n % 3],
    channels: n % 2 === 0 ? ['eservices'] : ['email', 'phone'],
    filerType: ['applicant', 'attorney', 'paralegal', 'other'][n % 4],
    contactedSupport,
    ...(contactedSupport ? { support: { timeliness: 1 + (n % 5), clarity: 1 + ((n >> 2) % 5), courtesy: 5 } } : {}),
  };
}

/** Stores `count` synthetic provider responses to `surveyId` (sample questionnaire, version 1), in SQL. */
export async function synthesiseResponses(dataSource: DataSource, surveyId: string, count: number): Promise<void> {
  const questionnaire: Questionnaire = sampleSatisfactionQuestionnaire();
  const chunk = 10_000;
  for (let from = 1; from <= count; from += chunk) {
    const columns: unknown[][] = [[], [], [], [], [], [], []];
    for (let n = from; n <= Math.min(count, from + chunk - 1); n += 1) {
      const answers = syntheticAnswers(n);
      columns[0].push(n);
      columns[1].push(JSON.stringify(answers));
      columns[2].push(tallyOf(questionnaire, answers));
      columns[3].push(COUNTRIES[(n * 13) % COUNTRIES.length]);
      columns[4].push(SEGMENTS[n % 4]);
      columns[5].push(ROLES[(n >> 2) % 5]);
      columns[6].push(BANDS[(n >> 3) % 6]);
    }
    await dataSource.query(INSERT, [surveyId, ...columns]);
  }
  await dataSource.query('ANALYZE responses');
}

export interface StaffLoadScenario {
  /** The analyst's survey, with many responses: its statistics and report are the heavy work. */
  heavySurveyId: string;
  reportId: string;
  /** Respondents invited to another survey, each with a fresh link token. */
  invitees: Invitee[];
}

/**
 * Makes the two surveys: one the analyst works on (`responses` synthetic responses and a report
 * snapshot of them), and one whose `invitees` respondents will open and answer.
 */
export async function prepareStaffLoad(
  app: NestExpressApplication,
  baseUrl: string,
  analystToken: string,
  options: { responses: number; invitees: number },
): Promise<StaffLoadScenario> {
  const rows = Array.from({ length: options.invitees }, (_, i) => ({
    name: `Respondent ${i}`,
    email: `respondent${i}@load.example.org`,
    country: COUNTRIES[i % COUNTRIES.length],
    segment: SEGMENTS[i % 4],
  }));
  const respondents = await surveyWithInvitees(app, analystToken, {
    name: 'Respondents survey',
    contactsCsv: extractCsv(rows),
  });
  const heavy = await surveyWithInvitees(app, analystToken, { name: 'Analyst survey', importContacts: false });
  await synthesiseResponses(app.get(DataSource), heavy.surveyId, options.responses);
  const analyst = createApiClient({ baseUrl, accessToken: () => analystToken });
  const report = await analyst.POST('/api/v1/surveys/{id}/reports', {
    params: { path: { id: heavy.surveyId } },
    body: { title: 'Load report', language: 'en', crosstabs: [{ rows: 'country', columns: 'segment' }] },
  });
  if (report.response.status !== 201 || !report.data) {
    throw new Error(`report creation answered ${report.response.status}: ${JSON.stringify(report.error)}`);
  }
  return { heavySurveyId: heavy.surveyId, reportId: report.data.id, invitees: respondents.invitees };
}

export interface PhaseResult {
  /** Latency of each respondent request, in ms, from the moment it was due (open loop). */
  latencies: number[];
  statuses: Map<number, number>;
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

function count(statuses: Map<number, number>, status: number): void {
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

/**
 * Respondents at `ratePerSecond`, open loop: each invitee opens the survey (GET /respond) and
 * submits it (POST /respond/submit), the two requests `1 / rate` apart. A request's latency
 * counts from when it was due, so a stall shows even if fewer requests were sent meanwhile.
 */
export async function respondentPhase(
  baseUrl: string,
  invitees: Invitee[],
  ratePerSecond: number,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < invitees.length * 2; i += 1) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const invitee = invitees[i >> 1];
    const headers = { 'X-Invitation-Token': invitee.token, 'Content-Type': 'application/json' };
    const sent =
      i % 2 === 0
        ? fetch(`${baseUrl}/api/v1/respond`, { headers })
        : fetch(`${baseUrl}/api/v1/respond/submit`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ answers: completeAnswers() }),
          });
    inFlight.push(
      sent.then(
        async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - due);
          count(statuses, res.status);
        },
        () => count(statuses, 0),
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, statuses };
}

export interface Hammer {
  /** How often each status has been answered so far (a live view). */
  readonly statuses: ReadonlyMap<number, number>;
  /**
   * Stops: requests still waiting are abandoned (the client disconnects, as a closed browser tab
   * would; they are not counted) and the status of every answer is returned.
   */
  stop(): Promise<Map<number, number>>;
}

/** What the analyst does over and over: exports in three formats, live statistics, a new snapshot. */
function staffRequest(
  baseUrl: string,
  token: string,
  scenario: StaffLoadScenario,
  i: number,
  signal: AbortSignal,
): Promise<Response> {
  const headers = { Authorization: `Bearer ${token}` };
  const exportOf = (format: string) =>
    fetch(`${baseUrl}/api/v1/reports/${scenario.reportId}/export?format=${format}`, { headers, signal });
  switch (i % 5) {
    case 0:
      return exportOf('pdf');
    case 1:
      return fetch(`${baseUrl}/api/v1/surveys/${scenario.heavySurveyId}/statistics`, { headers, signal });
    case 2:
      return exportOf('xlsx');
    case 3:
      return fetch(`${baseUrl}/api/v1/surveys/${scenario.heavySurveyId}/reports`, {
        method: 'POST',
        signal,
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: `Load ${i}`, language: 'en' }),
      });
    default:
      return exportOf('csv');
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * One analyst with `parallel` requests in flight at all times; a worker whose request is refused
 * (429 or 503) waits as its Retry-After says, as the analyst app or any HTTP client should.
 */
export function hammer(
  baseUrl: string,
  analystToken: string,
  scenario: StaffLoadScenario,
  options: { parallel: number },
): Hammer {
  const statuses = new Map<number, number>();
  const stopping = new AbortController();
  let sent = 0;
  const workers = Array.from({ length: options.parallel }, async () => {
    while (!stopping.signal.aborted) {
      const i = sent++;
      // A request cut off by the stop (while sending or while its body is read) is not counted.
      const { status, retryAfter } = await staffRequest(baseUrl, analystToken, scenario, i, stopping.signal)
        .then(async (res) => {
          await res.arrayBuffer();
          return { status: res.status, retryAfter: Number(res.headers.get('Retry-After') ?? 0) };
        })
        .catch(() => ({ status: 0, retryAfter: 0 }));
      if (stopping.signal.aborted) return;
      count(statuses, status);
      if (retryAfter > 0) await sleep(retryAfter * 1000, stopping.signal).catch(() => undefined);
    }
  });
  return {
    statuses,
    stop: async () => {
      stopping.abort();
      await Promise.all(workers);
      return statuses;
    },
  };
}

/** Polls `probe` every 20 ms until it holds; throws after `timeoutMs`. */
export async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** "200: 120, 429: 30" */
export function describeStatuses(statuses: Map<number, number>): string {
  return [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status || 'network error'}: ${n}`)
    .join(', ');
}

/** Keys for a setup app and the built server that runs after it on the same database. */
export function loadSecrets(): Record<'MASTER_KEY' | 'BLIND_INDEX_KEY' | 'JWT_SECRET', string> {
  return {
    MASTER_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
  };
}

/** The analyst's share of the staff lane on the built server under load. */
export const LOAD_PER_CALLER = 1;
export const LOAD_QUEUE_PER_CALLER = 8;

export interface BuiltServer {
  baseUrl: string;
  /** SIGTERM, then the exit code once the graceful shutdown is over. */
  stop(): Promise<number | null>;
}

/**
 * The built server (what `npm start` runs) in a process of its own, on a database prepared
 * beforehand with the same `secrets`, as production runs it: the load generator's work and
 * memory stay in the caller's process.
 */
export async function startBuiltServer(
  databaseUrl: string,
  dataDir: string,
  secrets: Record<string, string>,
): Promise<BuiltServer> {
  if (!existsSync(BUILT_MAIN)) throw new Error('The API is not built: run npm run build:api first.');
  const port = await freePort();
  const server = start({
    ...secrets,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    MAIL_POLL_INTERVAL_MS: '0',
    RETENTION_SCHEDULE: 'false',
    RESPOND_MAX_INVALID_TOKENS: '100000',
    HEAVY_WORK_PER_CALLER: String(LOAD_PER_CALLER),
    HEAVY_WORK_QUEUE_PER_CALLER: String(LOAD_QUEUE_PER_CALLER),
  });
  try {
    await waitUntilReady(port, server);
  } catch (error) {
    server.child.kill('SIGKILL');
    throw error;
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      return server.exited;
    },
  };
}

/**
 * Resolves once the analyst's heavy work of an earlier load has ended on the server: the lane runs
 * one analyst's requests one at a time and in order, so a statistics request answered 200 ran
 * after all of it.
 */
export async function analystLaneIdle(
  baseUrl: string,
  analystToken: string,
  scenario: StaffLoadScenario,
): Promise<void> {
  const analyst = createApiClient({ baseUrl, accessToken: () => analystToken });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { response: res } = await analyst.GET('/api/v1/surveys/{id}/statistics', {
      params: { path: { id: scenario.heavySurveyId } },
    });
    if (res.status === 200) return;
    if (res.status !== 429 || Date.now() > deadline) throw new Error(`the analyst's lane answered ${res.status}`);
    await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('Retry-After') ?? 1) * 1000));
  }
}

/** Resolves once the analyst's first burst beyond its share (running and waiting) has been refused. */
export function shareFilled(load: Hammer, parallel: number, timeoutMs = 60_000): Promise<void> {
  return until(
    () => (load.statuses.get(429) ?? 0) >= parallel - LOAD_PER_CALLER - LOAD_QUEUE_PER_CALLER,
    timeoutMs,
    "the analyst's requests to fill its share",
  );
}
