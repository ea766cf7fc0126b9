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
import type { Questionnaire } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { tallyGroupsQuery } from '../../apps/api/src/ingestion/response-statistics.repository';
import { ReportsService } from '../../apps/api/src/statistics/reports.service';
import { DIMENSIONS } from '../../apps/api/src/statistics/statistics.dto';
import { StatisticsService } from '../../apps/api/src/statistics/statistics.service';
import { tallyLayout } from '../../apps/api/src/statistics/tally';
import { runBenchmark } from './harness';
import { bootOnFreshDatabase, median, positiveInt } from './in-process';
import { syntheticSurvey } from './synthetic-survey';

const RESPONSES = positiveInt('BENCH_RESPONSES', 1_000_000);

const REPEATS = positiveInt('BENCH_REPEATS', 5);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 1800);
const BASELINE = `SELECT country, answers->>'nps' AS nps, count(*)::int AS n
                    FROM responses WHERE survey_id = $1 GROUP BY 1, 2`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

async function main(): Promise<void> {
  const app = await bootOnFreshDatabase(`bench_statistics_${Date.now()}`);
  const dataSource = app.get(DataSource);
  const { analyst, survey, surveys } = await syntheticSurvey(app, 'Bench statistics', RESPONSES);

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
  const counted = (await dataSource.query(BASELINE, [survey.id])).reduce(
    (sum: number, row: { n: number }) => sum + row.n,
    0,
  );
  if (counted !== RESPONSES) throw new Error(`the baseline counted ${counted} responses, not ${RESPONSES}`);
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
