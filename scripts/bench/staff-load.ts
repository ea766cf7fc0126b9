/**
 * Do respondents keep their latency while one analyst hammers the heavy routes? Respondents
 * (GET /api/v1/respond, then POST /api/v1/respond/submit, each with its own secret-link token)
 * at BENCH_RATE requests per second, open loop, in three phases of BENCH_PER_PHASE invitees:
 * before, during and after one analyst keeps BENCH_ANALYST_PARALLEL requests in flight (report
 * exports as PDF, XLSX and CSV, live statistics and new report snapshots of a survey holding
 * BENCH_RESPONSES responses; a refused request waits as its Retry-After says). Reported: p50/p99
 * of each phase, the ratio of the loaded p99 to the worse baseline, every status each side got,
 * the staff lane of the bulkhead and how many queries waited for a pool connection.
 *
 * The data is made by the application booted in this process on a database of its own
 * (bench_staff_load_<time>, migrated, dropped at the end) on the loopback server DATABASE_URL
 * points to, or an embedded PostgreSQL; then the built server (`npm run build:api` first: the npm
 * script does it) runs in a process of its own on 127.0.0.1, as production runs it, and the load is
 * sent to it. The same scenario is the load test apps/api/test/heavy-work-load.e2e-spec.ts.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:staff-load
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { closeGracefully, createApp } from '../../apps/api/src/app.factory';
import { StaffRole } from '../../apps/api/src/auth/roles';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { newStaff, sessionFor } from '../../apps/api/test/utils/staff';
import {
  analystLaneIdle,
  describeStatuses,
  hammer,
  LOAD_PER_CALLER,
  LOAD_QUEUE_PER_CALLER,
  loadSecrets,
  percentile,
  prepareStaffLoad,
  respondentPhase,
  shareFilled,
  startBuiltServer,
  type PhaseResult,
} from '../../apps/api/test/utils/staff-load';
import { cleanups, createBenchDatabase, runBenchmark } from './harness';
import { databaseServer, positiveInt } from './in-process';

const RESPONSES = positiveInt('BENCH_RESPONSES', 30_000);
const PER_PHASE = positiveInt('BENCH_PER_PHASE', 250);
const RATE = positiveInt('BENCH_RATE', 25);
const ANALYST_PARALLEL = positiveInt('BENCH_ANALYST_PARALLEL', 24);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 600);

function line(name: string, phase: PhaseResult): string {
  return (
    `  ${name.padEnd(28)} ${String(phase.latencies.length).padStart(4)} requests  ` +
    `p50 ${percentile(phase.latencies, 0.5).toFixed(1).padStart(7)} ms  ` +
    `p99 ${percentile(phase.latencies, 0.99).toFixed(1).padStart(7)} ms  (${describeStatuses(phase.statuses)})`
  );
}

async function main(): Promise<void> {
  const databaseUrl = await createBenchDatabase(await databaseServer(), `bench_staff_load_${Date.now()}`);
  await runMigrations(databaseUrl);
  const secrets = loadSecrets();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-staff-load-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  // The surveys, invitees and responses are made by an app in this process, which then closes.
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ...secrets });
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const setup = await createApp({ config, logger: createRootLogger('warn', sink) });
  await setup.init();
  const setupServer: Server = setup.getHttpServer();
  await new Promise<void>((resolve) => setupServer.listen(0, '127.0.0.1', resolve));
  const analyst = await sessionFor(setup, await newStaff(setup, StaffRole.Analyst));
  const scenario = await prepareStaffLoad(
    setup,
    `http://127.0.0.1:${(setupServer.address() as AddressInfo).port}`,
    analyst,
    { responses: RESPONSES, invitees: 3 * PER_PHASE + 50 },
  );
  await closeGracefully(setup);

  const server = await startBuiltServer(databaseUrl, dataDir, secrets);
  let exitCode: number | null | undefined;
  cleanups.push(async () => {
    exitCode ??= await server.stop();
  });
  const { baseUrl } = server;
  console.log(
    `${RESPONSES.toLocaleString('en')} responses in the analyst's survey; respondents at ${RATE}/s, ` +
      `${2 * PER_PHASE} requests per phase; the analyst keeps ${ANALYST_PARALLEL} requests in flight; ` +
      `the built server in its own process: pool ${config.dbPoolSize}, staff lane ` +
      `${config.heavyWork.staffConcurrency}, per caller ${LOAD_PER_CALLER} running + ${LOAD_QUEUE_PER_CALLER} waiting`,
  );

  await respondentPhase(baseUrl, scenario.invitees.slice(3 * PER_PHASE), RATE); // warm-up
  await fetch(`${baseUrl}/api/v1/reports/${scenario.reportId}/export?format=pdf`, {
    headers: { Authorization: `Bearer ${analyst}` },
  }).then((res) => res.arrayBuffer());
  const batch = (i: number) => scenario.invitees.slice(i * PER_PHASE, (i + 1) * PER_PHASE);

  const before = await respondentPhase(baseUrl, batch(0), RATE);
  const load = hammer(baseUrl, analyst, scenario, { parallel: ANALYST_PARALLEL });
  // Measured once the analyst holds its whole share and the rest of its first burst was refused.
  await shareFilled(load, ANALYST_PARALLEL);
  const loaded = await respondentPhase(baseUrl, batch(1), RATE);
  const staff = await load.stop();
  await analystLaneIdle(baseUrl, analyst, scenario);
  const after = await respondentPhase(baseUrl, batch(2), RATE);
  exitCode = await server.stop();

  const baseline = Math.max(percentile(before.latencies, 0.99), percentile(after.latencies, 0.99));
  console.log('\nRespondents (open loop; latency from when each request was due)');
  console.log(line('before (no staff load)', before));
  console.log(line('during the analyst load', loaded));
  console.log(line('after', after));
  console.log(
    `  p99 under load / worse baseline p99: ${(percentile(loaded.latencies, 0.99) / baseline).toFixed(2)}x (aim: <= 2x)`,
  );
  console.log(`\nAnalyst (${ANALYST_PARALLEL} in parallel): ${describeStatuses(staff)}`);
  console.log(`Server exit code after SIGTERM: ${exitCode}`);
  console.log(
    `Load average: ${(await import('node:os'))
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
  // Every respondent, in every phase, got their survey and had their answers taken.
  for (const [name, phase] of [
    ['before', before],
    ['during', loaded],
    ['after', after],
  ] as const) {
    const answered = [...phase.statuses].reduce((sum, [s, n]) => (s >= 200 && s < 300 ? sum + n : sum), 0);
    if (answered !== 2 * PER_PHASE) {
      throw new Error(`${name}: ${answered} of ${2 * PER_PHASE} respondent requests answered 2xx`);
    }
  }
  const fiveHundreds = [before, loaded, after].some((p) => [...p.statuses.keys()].some((s) => s === 0 || s >= 500));
  if (fiveHundreds || [...staff.keys()].some((s) => s === 0 || s >= 500)) {
    throw new Error('a request failed with 5xx or a network error');
  }
}

runBenchmark(main, TIMEOUT_SECONDS);
