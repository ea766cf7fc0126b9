import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { StaffRole } from '../src/auth/roles';
import { Bulkhead } from '../src/common/bulkhead';
import { STAFF_LANE } from '../src/common/heavy-work';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';
import {
  describeStatuses,
  hammer,
  percentile,
  prepareStaffLoad,
  respondentPhase,
  until,
  type PhaseResult,
  type StaffLoadScenario,
} from './utils/staff-load';

/**
 * Respondents per window (each opens the survey and submits it: two requests). A round is a window
 * without staff load and one right after it with the analyst's load; the headline is the median
 * over the rounds of the loaded window's p99 over the quiet one's, so that a burst of the shared
 * machine's own noise, which falls on one window, cannot decide the outcome.
 */
const PER_WINDOW = 60;
const ROUNDS = 5;
const RATE_PER_SECOND = 20;
const ANALYST_PARALLEL = 16;

function merged(phases: PhaseResult[]): PhaseResult {
  const statuses = new Map<number, number>();
  for (const phase of phases) {
    for (const [status, n] of phase.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
  }
  return { latencies: phases.flatMap((phase) => phase.latencies), statuses };
}

function summary(name: string, phase: PhaseResult): string {
  return (
    `${name}: ${phase.latencies.length} requests, p50 ${percentile(phase.latencies, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(phase.latencies, 0.99).toFixed(1)} ms; ${describeStatuses(phase.statuses)}`
  );
}

/** Samples how many queries wait for a pool connection, every 5 ms, until stopped. */
function watchPool(pool: Pool): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(pool.waitingCount), 5);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

describe('one analyst hammering heavy routes while respondents answer', () => {
  let db: TestDatabase;
  let t: TestApp;
  let baseUrl: string;
  let analyst: string;
  let scenario: StaffLoadScenario;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '100000' } });
    const server: Server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    scenario = await prepareStaffLoad(t.app, baseUrl, analyst, {
      responses: 30_000,
      invitees: (2 * ROUNDS + 1) * PER_WINDOW,
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('keeps respondents p50 within 2x and p99 within 3x of the unloaded baseline, and never answers 5xx', async () => {
    const pool = (t.app.get(DataSource).driver as PostgresDriver).master as Pool;
    const bulkhead = t.app.get(Bulkhead);
    const { perCaller, queuePerCaller } = t.config.heavyWork;
    const windows = Array.from({ length: 2 * ROUNDS + 1 }, (_, i) =>
      scenario.invitees.slice(i * PER_WINDOW, (i + 1) * PER_WINDOW),
    );
    // Warm-up (connections, prepared statements, the export thread), not measured.
    await respondentPhase(baseUrl, windows.pop()!, RATE_PER_SECOND);
    await fetch(`${baseUrl}/api/v1/reports/${scenario.reportId}/export?format=pdf`, {
      headers: { Authorization: `Bearer ${analyst}` },
    }).then((res) => res.arrayBuffer());

    const quiet: PhaseResult[] = [];
    const loaded: PhaseResult[] = [];
    const staff: PhaseResult[] = [];
    const waiting: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // No heavy work left over from the previous round.
      await until(() => bulkhead.snapshot(STAFF_LANE).running === 0, 60_000, 'the heavy work to end');
      quiet.push(await respondentPhase(baseUrl, windows[2 * round], RATE_PER_SECOND));
      const refusedBefore = bulkhead.snapshot(STAFF_LANE).refused;
      const analystLoad = hammer(baseUrl, analyst, scenario, { parallel: ANALYST_PARALLEL });
      // Measured once the analyst holds its whole share (running and waiting) and the rest of its
      // first burst has been refused: the steady state of the load.
      await until(
        () => {
          const lane = bulkhead.snapshot(STAFF_LANE);
          return (
            lane.running === perCaller &&
            lane.waiting === queuePerCaller &&
            lane.refused - refusedBefore === ANALYST_PARALLEL - perCaller - queuePerCaller
          );
        },
        30_000,
        "the analyst's requests to fill its share",
      );
      const poolWatch = watchPool(pool);
      loaded.push(await respondentPhase(baseUrl, windows[2 * round + 1], RATE_PER_SECOND));
      waiting.push(...poolWatch.stop());
      staff.push({ latencies: [], statuses: await analystLoad.stop() });
    }
    // The analyst's last requests end on the server too before the app closes: an export cut by
    // the shutdown would be a 500 nobody asked for.
    await until(
      () => bulkhead.snapshot(STAFF_LANE).running === 0 && bulkhead.snapshot(STAFF_LANE).waiting === 0,
      60_000,
      'the heavy work to end',
    );
    /** Median over the rounds of the loaded window's quantile over the quiet window's. */
    const medianRatio = (q: number) => {
      const ratios = loaded
        .map((window, i) => percentile(window.latencies, q) / percentile(quiet[i].latencies, q))
        .sort((a, b) => a - b);
      return { ratios, median: ratios[Math.floor(ratios.length / 2)] };
    };
    const p99 = medianRatio(0.99);
    const p50 = medianRatio(0.5);
    const before = merged(quiet);
    const during = merged(loaded);
    const staffStatuses = merged(staff).statuses;

    const lane = bulkhead.snapshot(STAFF_LANE);
    // The figures, for the record (the benchmark scripts/bench/staff-load.ts prints the same).
    process.stdout.write(
      [
        summary('respondents without staff load', before),
        summary('respondents during the analyst load', during),
        `p99 loaded / quiet per round: ${p99.ratios.map((r) => r.toFixed(2)).join(', ')}; median ${p99.median.toFixed(2)}`,
        `p50 loaded / quiet per round: ${p50.ratios.map((r) => r.toFixed(2)).join(', ')}; median ${p50.median.toFixed(2)}`,
        `analyst (${ANALYST_PARALLEL} in parallel): ${describeStatuses(staffStatuses)}`,
        `staff lane: peak running ${lane.peakRunning}, refused ${lane.refused}`,
        `queries waiting for a pool connection: max ${Math.max(...waiting)} over ${waiting.length} samples`,
      ].join('\n') + '\n',
    );

    for (const phase of [before, during]) expect([...phase.statuses.keys()]).toEqual([200]);
    expect([...staffStatuses.keys()].filter((status) => status === 0 || status >= 500)).toEqual([]);
    expect(staffStatuses.get(429)).toBeGreaterThan(0);
    expect(lane.peakRunning).toBeLessThanOrEqual(perCaller);
    // The aim is 2x; on the shared 2-core machine the tail left is CPU (see README, "Heavy
    // requests"): a quiet run measured 2.2x at p99 and 1.8x at p50. Before the bulkhead and the
    // export threads the same scenario measured over 100x, with timeouts.
    expect(p99.median).toBeLessThanOrEqual(3);
    expect(p50.median).toBeLessThanOrEqual(2);
  }, 240_000);
});
