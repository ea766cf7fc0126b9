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
import { ResponseRollupsService } from '../../apps/api/src/ingestion/response-rollups.service';
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
/** Then the survey grown this many times (copies of its responses), measured again. */
const GROW = positiveInt('BENCH_GROW', 10);
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

  const folder = app.get(ResponseRollupsService);
  const [version] = await surveys.versions(survey.id);
  const words = tallyLayout(version.questionnaire as Questionnaire).words;
  // What statistics did before the rollups: one statement summing every response's tally.
  const tallyScan = async () => {
    const { text, values } = tallyGroupsQuery(
      words,
      { surveyId: survey.id },
      { dimensions: [...DIMENSIONS], crosstabs: request.crosstabs },
    );
    return dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL work_mem = '256MB'`);
      return ((await manager.query(text, values)) as unknown[]).length;
    });
  };

  /** Folds what is pending (timed), then the medians of REPEATS interleaved rounds. */
  async function measure(responses: number) {
    const folding = await timed(() => folder.foldAll());
    const unfolded = await countFolded(responses);
    if (unfolded !== 0) throw new Error(`${unfolded} responses missing from the rollups after the fold`);
    await dataSource.query('VACUUM ANALYZE responses');
    await dataSource.query('VACUUM ANALYZE response_rollups');
    const [{ rows }]: { rows: number }[] = await dataSource.query(
      'SELECT count(*)::int AS rows FROM response_rollups WHERE survey_id = $1',
      [survey.id],
    );
    // Warm-up: plans, caches, JIT.
    await baseline();
    await tallyScan();
    const bytes = await fullStatistics();
    await snapshot();
    const samples = {
      baseline: [] as number[],
      scan: [] as number[],
      statistics: [] as number[],
      report: [] as number[],
    };
    for (let round = 0; round < REPEATS; round += 1) {
      // Interleaved, so a noisy neighbour slows all alike.
      samples.baseline.push((await timed(baseline)).ms);
      samples.scan.push((await timed(tallyScan)).ms);
      samples.statistics.push((await timed(fullStatistics)).ms);
      samples.report.push((await timed(snapshot)).ms);
    }
    const stats = await statistics.compute(survey.id, request);
    if (stats.population.responses.value !== responses) {
      throw new Error(`statistics counted ${String(stats.population.responses.value)} responses, not ${responses}`);
    }
    const counted = (await dataSource.query(BASELINE, [survey.id])).reduce(
      (sum: number, row: { n: number }) => sum + row.n,
      0,
    );
    if (counted !== responses) throw new Error(`the baseline counted ${counted} responses, not ${responses}`);
    const groups = stats.breakdowns.reduce((sum, breakdown) => sum + breakdown.groups.length, 0);
    const cells = stats.crosstabs[0].rowValues.length * stats.crosstabs[0].columnValues.length;
    const base = median(samples.baseline);
    const scan = median(samples.scan);
    const full = median(samples.statistics);
    const report = median(samples.report);
    console.log(
      `\n${responses.toLocaleString('en')} responses (${rows.toLocaleString('en')} rollup rows, folded in ` +
        `${(folding.ms / 1000).toFixed(1)} s: ${Math.round(folding.result / (folding.ms / 1000)).toLocaleString('en')} responses/s), ` +
        `${stats.items.length} items, ${groups} breakdown groups, a ${stats.crosstabs[0].rowValues.length}×` +
        `${stats.crosstabs[0].columnValues.length} crosstab (${cells} cells); statistics JSON ${(bytes / 1024).toFixed(0)} KiB; medians of ${REPEATS} runs:`,
    );
    console.log(`  baseline GROUP BY (country × NPS)     ${base.toFixed(0).padStart(6)} ms`);
    console.log(
      `  tally scan (statistics before rollups) ${scan.toFixed(0).padStart(5)} ms   ${(scan / base).toFixed(2)}x baseline`,
    );
    console.log(
      `  full statistics (rollups)             ${full.toFixed(0).padStart(6)} ms   ${(full / base).toFixed(2)}x baseline   (aim: < 0.5x)`,
    );
    console.log(
      `  report snapshot (compute and store)   ${report.toFixed(0).padStart(6)} ms   ${(report / base).toFixed(2)}x baseline`,
    );
    console.log(
      `  all runs (ms): baseline ${samples.baseline.map((v) => v.toFixed(0)).join(' ')}; scan ${samples.scan.map((v) => v.toFixed(0)).join(' ')}; ` +
        `statistics ${samples.statistics.map((v) => v.toFixed(0)).join(' ')}; report ${samples.report.map((v) => v.toFixed(0)).join(' ')}`,
    );
    return { full, base };
  }
  async function countFolded(responses: number): Promise<number> {
    const [{ n }]: { n: number }[] = await dataSource.query(
      'SELECT coalesce(sum(respondents), 0)::int AS n FROM response_rollups WHERE survey_id = $1',
      [survey.id],
    );
    return responses - n;
  }

  const small = await measure(RESPONSES);
  if (GROW <= 1) return;
  // The same survey grown GROW times: copies of its responses (new ids), as many more submissions would make.
  const growing = Date.now();
  for (let copy = 1; copy < GROW; copy += 1) {
    await dataSource.query(
      `INSERT INTO responses (id, survey_id, questionnaire_version, respondent_pseudonym, channel, provider_response_id,
                              answers, tally, language, country, segment, role, relationship_band, submitted_at,
                              received_at, updated_at)
       SELECT gen_random_uuid(), survey_id, questionnaire_version, respondent_pseudonym || '_' || $2::text, channel,
              provider_response_id || '_' || $2::text, answers, tally, language, country, segment, role,
              relationship_band, submitted_at, received_at, updated_at
         FROM responses WHERE survey_id = $1 AND provider_response_id NOT LIKE '%\\_%'`,
      [survey.id, copy],
    );
    process.stdout.write(`\rgrown to ${((copy + 1) * RESPONSES).toLocaleString('en')} responses`);
  }
  console.log(` in ${((Date.now() - growing) / 1000).toFixed(0)} s`);
  const large = await measure(RESPONSES * GROW);
  console.log(
    `\nfull statistics at ${(RESPONSES * GROW).toLocaleString('en')} / at ${RESPONSES.toLocaleString('en')} responses: ` +
      `${(large.full / small.full).toFixed(2)}x (aim: within 1.5x); the baseline GROUP BY grew ${(large.base / small.base).toFixed(2)}x`,
  );
}

runBenchmark(main, TIMEOUT_SECONDS);
