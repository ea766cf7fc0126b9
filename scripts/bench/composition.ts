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
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { closeGracefully, createApp } from '../../apps/api/src/app.factory';
import { StaffRole } from '../../apps/api/src/auth/roles';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { PublicationLedgerEntry } from '../../apps/api/src/statistics/publication-ledger.entity';
import { PublicationService, type PublicationRequest } from '../../apps/api/src/statistics/publication.service';
import { ReportsService } from '../../apps/api/src/statistics/reports.service';
import { SurveysService } from '../../apps/api/src/surveys/surveys.service';
import { UsersService } from '../../apps/api/src/users/users.service';
import { cleanups, createBenchDatabase, runBenchmark } from './harness';
import { databaseServer, median, positiveInt } from './in-process';
import { benchQuestionnaire, generateResponses } from './synthetic-survey';

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
  const databaseUrl = await createBenchDatabase(await databaseServer(), `bench_composition_${Date.now()}`);
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
    name: 'Bench publication check',
    questionnaire: questionnaire as unknown as Record<string, unknown>,
  });
  await surveys.publish(analyst.id, survey.id);
  await generateResponses(dataSource, survey.id, questionnaire, RESPONSES);

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
  console.log(`\n${RESPONSES.toLocaleString('en')} responses; medians of ${REPEATS} runs:\n${rows.join('\n')}`);
}

runBenchmark(main, TIMEOUT_SECONDS);
