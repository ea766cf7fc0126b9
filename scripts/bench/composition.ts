/**
 * Publication check benchmark: how long checking a report against everything already published
 * for its survey takes, with 1, 10 and 50 reports on the ledger, on a synthetic survey of
 * BENCH_RESPONSES responses (default 1,000,000; the statistics benchmark's questionnaire and
 * demographics, submissions spread over a year). The published reports are the survey's weeks
 * (disjoint periods, each passes); the report checked is one more week, then the whole year (it
 * overlaps every published week, so every atom is checked). In the same run, as the baseline: one
 * hand-written GROUP BY (country × NPS answer) over the survey's responses. Medians of
 * BENCH_REPEATS runs (default 3). Aim: under 1 s with 50 reports published.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:composition
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { PublicationLedgerEntry } from '../../apps/api/src/statistics/publication-ledger.entity';
import { PublicationService, type PublicationRequest } from '../../apps/api/src/statistics/publication.service';
import { ReportsService } from '../../apps/api/src/statistics/reports.service';
import { runBenchmark } from './harness';
import { bootOnFreshDatabase, median, positiveInt } from './in-process';
import { syntheticSurvey } from './synthetic-survey';

const RESPONSES = positiveInt('BENCH_RESPONSES', 1_000_000);
const REPEATS = positiveInt('BENCH_REPEATS', 3);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 3600);
const DAY = 86_400_000;

const BASELINE = `SELECT country, answers->>'nps' AS nps, count(*)::int AS n
                    FROM responses WHERE survey_id = $1 GROUP BY 1, 2`;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const app = await bootOnFreshDatabase(`bench_composition_${Date.now()}`);
  const dataSource = app.get(DataSource);
  const { analyst, survey } = await syntheticSurvey(app, 'Bench publication check', RESPONSES);

  const reports = app.get(ReportsService);
  const publications = app.get(PublicationService);
  const now = Date.now();
  const week = (w: number) => ({ from: new Date(now - (w + 1) * 7 * DAY), to: new Date(now - w * 7 * DAY) });
  const publishWeek = async (w: number) => {
    const { from, to } = week(w);
    const draft = await reports.create(analyst.id, survey.id, {
      title: `Week ${w}`,
      language: 'en',
      filters: { from, to },
      breakdowns: ['country', 'segment'],
    });
    await reports.publish(analyst.id, draft.id);
  };
  const checkOf = (filters: { from: Date | null; to: Date | null }): PublicationRequest => ({
    surveyId: survey.id,
    filters: { campaignId: null, from: filters.from?.toISOString() ?? null, to: filters.to?.toISOString() ?? null },
    receivedBy: new Date(),
    breakdowns: ['country', 'segment'],
    crosstab: null,
    language: 'en',
  });
  const check = (request: PublicationRequest) =>
    dataSource.transaction(async (manager) => {
      const ledger = await manager.find(PublicationLedgerEntry, { where: { surveyId: survey.id } });
      try {
        await publications.publish(manager, request, ledger);
        return 'published';
      } catch {
        return 'refused';
      }
    });
  const baseline = () => dataSource.query(BASELINE, [survey.id]);
  await baseline();

  const rows: string[] = [];
  let published = 0;
  for (const target of [1, 10, 50]) {
    while (published < target) await publishWeek(published++);
    const nextWeek = checkOf(week(published));
    const wholeYear = checkOf({ from: new Date(now - 52 * 7 * DAY), to: null });
    const samples = { baseline: [] as number[], week: [] as number[], year: [] as number[] };
    let outcome = '';
    for (let round = 0; round < REPEATS; round += 1) {
      samples.baseline.push(await timed(baseline));
      samples.week.push(await timed(() => check(nextWeek)));
      samples.year.push(
        await timed(async () => {
          outcome = await check(wholeYear);
        }),
      );
    }
    const base = median(samples.baseline);
    rows.push(
      `  ${String(target).padStart(2)} published: baseline ${base.toFixed(0).padStart(5)} ms; ` +
        `next week ${median(samples.week).toFixed(0).padStart(5)} ms (${(median(samples.week) / base).toFixed(2)}x); ` +
        `whole year ${median(samples.year).toFixed(0).padStart(5)} ms (${(median(samples.year) / base).toFixed(2)}x, ${outcome})`,
    );
    console.log(rows.at(-1));
  }
  const counted = (await baseline()).reduce((sum: number, row: { n: number }) => sum + row.n, 0);
  if (counted !== RESPONSES) throw new Error(`the baseline counted ${counted} responses, not ${RESPONSES}`);
  const ledger = await dataSource.getRepository(PublicationLedgerEntry).count({ where: { surveyId: survey.id } });
  if (ledger < published) throw new Error(`${ledger} ledger entries for ${published} published reports`);
  console.log(`\n${RESPONSES.toLocaleString('en')} responses; medians of ${REPEATS} runs:\n${rows.join('\n')}`);
}

runBenchmark(main, TIMEOUT_SECONDS);
