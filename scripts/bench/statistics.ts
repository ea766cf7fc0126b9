/**
 * Statistics benchmark (issue 6): a synthetic survey of BENCH_RESPONSES responses (default
 * 1,000,000; ten items (the sample questionnaire, whose matrix has three rows, and an effort rating), 190 countries, 4 segments, 5 roles, 6 relationship bands), then, in the
 * same run and on the same data:
 *   - baseline: one hand-written GROUP BY (country × NPS answer) over the survey's responses;
 *   - the full statistics: every item, all four one-way breakdowns and one crosstab
 *     (country × segment), through disclosure control, serialised as the API would send them;
 *   - a report snapshot with the same tables (computed, suppressed and stored).
 * Each is run BENCH_REPEATS times (default 5) after a warm-up; medians and ratios are printed.
 * Aim: full statistics under 2 s and within 5x of the baseline.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:statistics
 */
import 'reflect-metadata';
import countries from 'i18n-iso-countries';
import { questionsOf, sampleSatisfactionQuestionnaire, type Answers, type Questionnaire } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { closeGracefully, createApp } from '../../apps/api/src/app.factory';
import { StaffRole } from '../../apps/api/src/auth/roles';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { ReportsService } from '../../apps/api/src/statistics/reports.service';
import { DIMENSIONS } from '../../apps/api/src/statistics/statistics.dto';
import { tallyGroupsQuery } from '../../apps/api/src/statistics/statistics-query';
import { StatisticsService } from '../../apps/api/src/statistics/statistics.service';
import { tallyLayout, tallyOf } from '../../apps/api/src/statistics/tally';
import { SurveysService } from '../../apps/api/src/surveys/surveys.service';
import { UsersService } from '../../apps/api/src/users/users.service';
import { cleanups, createBenchDatabase, runBenchmark } from './harness';
import { databaseServer, median, positiveInt } from './in-process';

const RESPONSES = positiveInt('BENCH_RESPONSES', 1_000_000);
const REPEATS = positiveInt('BENCH_REPEATS', 5);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 1800);
const COUNTRIES = Object.keys(countries.getAlpha2Codes()).slice(0, 190);
const SEGMENTS = ['agent', 'applicant', 'holder', 'representative'];
const ROLES = ['Patent attorney', 'Paralegal', 'Inventor', 'Manager', 'Other'];
const BANDS = ['under-1y', '1-3y', '3-5y', '5-10y', '10y-plus', 'unknown'];

/** Synthetic responses, inserted 20,000 per statement: answers to the sample questionnaire's items, skewed a little. */
const INSERT = `
  INSERT INTO responses (id, survey_id, questionnaire_version, respondent_pseudonym, channel, provider_response_id,
                         answers, tally, language, country, segment, role, relationship_band, submitted_at,
                         received_at, updated_at)
  SELECT gen_random_uuid(), $1, 1, 'r_bench_' || u.n, 'provider', 'p' || u.n, u.answers::jsonb, u.tally::bigint[],
         'en', u.country, u.segment, u.role, u.band, now() - (u.n % 365) * interval '1 day', now(), now()
    FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
      AS u(n, answers, tally, country, segment, role, band, x)`;

/** A small deterministic generator, so every run measures the same data. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function syntheticAnswers(n: number, random: () => number): Answers {
  const contactedSupport = n % 3 === 0;
  return {
    nps: Math.min(10, Math.floor(random() * 12)),
    satisfaction: 1 + Math.floor(random() * 5),
    mainService: ['pct', 'madrid', 'hague'][n % 3],
    channels: n % 2 === 0 ? ['eservices'] : ['email', 'phone'],
    filerType: ['applicant', 'attorney', 'paralegal', 'other'][n % 4],
    contactedSupport,
    ...(contactedSupport
      ? { support: { timeliness: 1 + (n % 5), clarity: 1 + Math.floor(random() * 5), courtesy: 1 + ((n >> 3) % 5) } }
      : {}),
    effort: 1 + Math.floor(random() * 5),
  };
}

const BASELINE = `SELECT country, answers->>'nps' AS nps, count(*)::int AS n
                    FROM responses WHERE survey_id = $1 GROUP BY 1, 2`;

/** The sample questionnaire (nine items) and a tenth: an effort rating. */
function benchQuestionnaire(): Questionnaire {
  const questionnaire = sampleSatisfactionQuestionnaire();
  const satisfaction = questionsOf(questionnaire).find((question) => question.name === 'satisfaction')!;
  questionnaire.pages[0].elements.push({ ...satisfaction, name: 'effort', visibleIf: undefined, isRequired: false });
  return questionnaire;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

async function main(): Promise<void> {
  if (COUNTRIES.length !== 190) throw new Error('expected 190 country codes');
  const databaseUrl = await createBenchDatabase(await databaseServer(), `bench_statistics_${Date.now()}`);
  await runMigrations(databaseUrl);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, MAIL_POLL_INTERVAL_MS: '0' });
  const app = await createApp({ config, logger: createRootLogger('info', sink) });
  cleanups.push(() => closeGracefully(app));
  await app.init();
  const dataSource = app.get(DataSource);

  const analyst = await app.get(UsersService).create({
    email: `bench-analyst-${randomUUID().slice(0, 8)}@staff.example.org`,
    displayName: 'Bench analyst',
    role: StaffRole.Analyst,
    password: 'correct horse battery staple',
  });
  const surveys = app.get(SurveysService);
  const questionnaire = benchQuestionnaire();
  const { survey } = await surveys.create(analyst.id, {
    name: 'Bench statistics',
    questionnaire: questionnaire as unknown as Record<string, unknown>,
  });
  await surveys.publish(analyst.id, survey.id);

  const generating = Date.now();
  const random = generator(42);
  const chunk = 20_000;
  for (let from = 1; from <= RESPONSES; from += chunk) {
    const to = Math.min(RESPONSES, from + chunk - 1);
    const columns: unknown[][] = [[], [], [], [], [], [], [], []];
    for (let n = from; n <= to; n += 1) {
      const answers = syntheticAnswers(n, random);
      columns[0].push(n);
      columns[1].push(JSON.stringify(answers));
      columns[2].push(tallyOf(questionnaire, answers));
      columns[3].push(COUNTRIES[Math.floor(random() ** 2 * COUNTRIES.length)]);
      columns[4].push(SEGMENTS[n % 4]);
      columns[5].push(ROLES[(n >> 2) % 5]);
      columns[6].push(BANDS[Math.floor(random() * 6)]);
      columns[7].push('');
    }
    await dataSource.query(INSERT, [survey.id, ...columns]);
    process.stdout.write(`\rgenerated ${to.toLocaleString('en')} responses`);
  }
  await dataSource.query('VACUUM ANALYZE responses');
  console.log(` in ${((Date.now() - generating) / 1000).toFixed(0)} s`);

  const statistics = app.get(StatisticsService);
  const reports = app.get(ReportsService);
  const request = {
    filters: {},
    breakdowns: [...DIMENSIONS],
    crosstabs: [{ rows: 'country' as const, columns: 'segment' as const }],
    language: 'en' as const,
  };
  const fullStatistics = async () => JSON.stringify(await statistics.compute(survey.id, request)).length;
  const snapshot = () =>
    reports.create(analyst.id, survey.id, {
      title: 'Bench report',
      language: 'en',
      crosstabs: request.crosstabs,
    });
  const baseline = async () => (await dataSource.query(BASELINE, [survey.id])).length;

  if (process.env.BENCH_EXPLAIN) {
    const [version] = await surveys.versions(survey.id);
    const { text, values } = tallyGroupsQuery(
      tallyLayout(version.questionnaire as Questionnaire).words,
      { surveyId: survey.id },
      { dimensions: [...DIMENSIONS], crosstabs: request.crosstabs },
    );
    const plan: { 'QUERY PLAN': string }[] = await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL work_mem = '256MB'`);
      return manager.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    });
    console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
  }

  // Warm-up: plans, caches, JIT.
  await baseline();
  const bytes = await fullStatistics();
  await snapshot();

  const samples = { baseline: [] as number[], statistics: [] as number[], report: [] as number[] };
  for (let round = 0; round < REPEATS; round += 1) {
    // Interleaved, so a noisy neighbour slows all three alike.
    samples.baseline.push((await timed(baseline)).ms);
    samples.statistics.push((await timed(fullStatistics)).ms);
    samples.report.push((await timed(snapshot)).ms);
  }
  const stats = await statistics.compute(survey.id, request);
  const groups = stats.breakdowns.reduce((sum, breakdown) => sum + breakdown.groups.length, 0);
  const cells = stats.crosstabs[0].rowValues.length * stats.crosstabs[0].columnValues.length;
  const base = median(samples.baseline);
  const full = median(samples.statistics);
  const report = median(samples.report);
  console.log(
    `\n${RESPONSES.toLocaleString('en')} responses, ${stats.items.length} items, ${groups} breakdown groups, ` +
      `a ${stats.crosstabs[0].rowValues.length}×${stats.crosstabs[0].columnValues.length} crosstab (${cells} cells); ` +
      `statistics JSON ${(bytes / 1024).toFixed(0)} KiB; medians of ${REPEATS} runs:`,
  );
  console.log(`  baseline GROUP BY (country × NPS)     ${base.toFixed(0).padStart(6)} ms`);
  console.log(
    `  full statistics                       ${full.toFixed(0).padStart(6)} ms   ${(full / base).toFixed(2)}x baseline   (aim: < 2000 ms, < 5x)`,
  );
  console.log(
    `  report snapshot (compute and store)   ${report.toFixed(0).padStart(6)} ms   ${(report / base).toFixed(2)}x baseline`,
  );
  console.log(
    `  all runs (ms): baseline ${samples.baseline.map((v) => v.toFixed(0)).join(' ')}; ` +
      `statistics ${samples.statistics.map((v) => v.toFixed(0)).join(' ')}; report ${samples.report.map((v) => v.toFixed(0)).join(' ')}`,
  );
}

runBenchmark(main, TIMEOUT_SECONDS);
