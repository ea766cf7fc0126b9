/**
 * Background export benchmark: a synthetic survey of BENCH_RESPONSES responses (default
 * 1,000,000) and one of a tenth as many, each exported whole as CSV by the export job (queued,
 * made in parts of 1 MiB, each encrypted), the small one first. In the same run, as the baseline: reading the same rows from PostgreSQL in the job's
 * chunks without serialising, encrypting or storing them. Printed: time, throughput, the ratio to
 * the baseline, and the process's peak resident memory above what it held before each export,
 * which must not grow with the number of responses (bounded memory).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:export
 */
import 'reflect-metadata';
import type { StaffPrincipal } from '../../apps/api/src/auth/access.decorator';
import { StaffRole } from '../../apps/api/src/auth/roles';
import { ExportKind, ExportStatus } from '../../apps/api/src/exports/export-file.entity';
import { ExportsService } from '../../apps/api/src/exports/exports.service';
import { ResponsesRepository } from '../../apps/api/src/ingestion/responses.repository';
import { waitUntil } from '../../apps/api/src/jobs/wait-until';
import { runBenchmark } from './harness';
import { bootOnFreshDatabase, positiveInt } from './in-process';
import { syntheticSurvey } from './synthetic-survey';

const RESPONSES = positiveInt('BENCH_RESPONSES', 1_000_000);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 3600);
const MiB = 1024 * 1024;

/** Samples the resident set size every 50 ms while `work` runs; returns its peak above the start. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakMiB: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms: Number(process.hrtime.bigint() - started) / 1e6, peakMiB: (peak - start) / MiB };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const app = await bootOnFreshDatabase(`bench_export_${Date.now()}`);
  const small = await syntheticSurvey(app, 'Bench export (a tenth)', Math.max(1, Math.floor(RESPONSES / 10)));
  const large = await syntheticSurvey(app, 'Bench export', RESPONSES);
  const exports = app.get(ExportsService);
  const responses = app.get(ResponsesRepository);

  const baseline = async (surveyId: string) => {
    let rows = 0;
    let after = null;
    for (;;) {
      const chunk = await responses.rawChunk(surveyId, after, null, undefined, 500);
      rows += chunk.length;
      if (chunk.length < 500) return rows;
      const end = chunk[chunk.length - 1];
      after = { micros: end.updated_us, id: end.id };
    }
  };
  const exported = async (actor: StaffPrincipal, surveyId: string) => {
    const { id } = await exports.request(actor, { kind: ExportKind.Responses, sourceId: surveyId, format: 'csv' });
    const unfinished = [ExportStatus.Queued, ExportStatus.Running];
    await waitUntil(async () => !unfinished.includes((await exports.get(actor, id)).status), {
      everyMs: 200,
      timeoutMs: TIMEOUT_SECONDS * 1000,
    });
    const file = await exports.get(actor, id);
    if (file.status !== ExportStatus.Ready) throw new Error(`The export ended ${file.status}: ${file.error}`);
    return { rows: file.rowsDone, bytes: Number(file.byteSize), parts: file.partCount };
  };

  console.log('\nCSV exports by the background job, each survey whole:');
  for (const { analyst, survey } of [small, large]) {
    const actor: StaffPrincipal = {
      kind: 'staff',
      userId: analyst.id,
      role: StaffRole.Analyst,
      sessionId: analyst.id,
      mfaPending: false,
    };
    const base = await withPeakMemory(() => baseline(survey.id));
    const run = await withPeakMemory(() => exported(actor, survey.id));
    console.log(
      `  ${run.result.rows.toLocaleString('en').padStart(10)} rows, ` +
        `${(run.result.bytes / MiB).toFixed(0).padStart(5)} MiB in ${run.result.parts} parts: ` +
        `${(run.ms / 1000).toFixed(1)} s (${((run.result.rows / run.ms) * 1000).toFixed(0)} rows/s), ` +
        `${(run.ms / base.ms).toFixed(2)}x reading the rows alone (${(base.ms / 1000).toFixed(1)} s); ` +
        `peak memory +${run.peakMiB.toFixed(0)} MiB (reading alone +${base.peakMiB.toFixed(0)} MiB)`,
    );
    const expected = survey === large.survey ? RESPONSES : Math.max(1, Math.floor(RESPONSES / 10));
    if (base.result !== expected) throw new Error(`Reading alone found ${base.result} rows of ${expected}`);
    if (base.result !== run.result.rows) throw new Error(`The export wrote ${run.result.rows} rows of ${base.result}`);
  }
}

runBenchmark(main, TIMEOUT_SECONDS);
