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

/** Respondents per phase; each opens the survey and submits it (two requests). */
const PER_PHASE = 150;
const RATE_PER_SECOND = 25;
const ANALYST_PARALLEL = 24;

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
    scenario = await prepareStaffLoad(t.app, baseUrl, analyst, { responses: 30_000, invitees: 3 * PER_PHASE + 20 });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('keeps respondents p99 within 2x of the unloaded baseline and never answers 5xx', async () => {
    const pool = (t.app.get(DataSource).driver as PostgresDriver).master as Pool;
    const bulkhead = t.app.get(Bulkhead);
    const { perCaller, queuePerCaller } = t.config.heavyWork;
    const batches = [0, 1, 2].map((i) => scenario.invitees.slice(i * PER_PHASE, (i + 1) * PER_PHASE));
    // Warm-up (connections, prepared statements, the export thread), not measured.
    await respondentPhase(baseUrl, scenario.invitees.slice(3 * PER_PHASE), RATE_PER_SECOND);
    await fetch(`${baseUrl}/api/v1/reports/${scenario.reportId}/export?format=pdf`, {
      headers: { Authorization: `Bearer ${analyst}` },
    }).then((res) => res.arrayBuffer());

    const before = await respondentPhase(baseUrl, batches[0], RATE_PER_SECOND);
    const analystLoad = hammer(baseUrl, analyst, scenario, { parallel: ANALYST_PARALLEL });
    // Measured once the analyst holds every slot and queue place one account may have.
    await until(
      () => {
        const lane = bulkhead.snapshot(STAFF_LANE);
        return lane.running === perCaller && lane.waiting === queuePerCaller && lane.refused > 0;
      },
      30_000,
      "the analyst's requests to fill its share",
    );
    const poolWatch = watchPool(pool);
    const loaded = await respondentPhase(baseUrl, batches[1], RATE_PER_SECOND);
    const waiting = poolWatch.stop();
    const staffStatuses = await analystLoad.stop();
    const after = await respondentPhase(baseUrl, batches[2], RATE_PER_SECOND);

    const lane = bulkhead.snapshot(STAFF_LANE);
    // The figures, for the record (the benchmark scripts/bench/staff-load.ts prints the same).
    process.stdout.write(
      [
        summary('respondents before', before),
        summary('respondents during the analyst load', loaded),
        summary('respondents after', after),
        `analyst (${ANALYST_PARALLEL} in parallel): ${describeStatuses(staffStatuses)}`,
        `staff lane: peak running ${lane.peakRunning}, refused ${lane.refused}`,
        `queries waiting for a pool connection: max ${Math.max(...waiting)} over ${waiting.length} samples`,
      ].join('\n') + '\n',
    );

    for (const phase of [before, loaded, after]) expect([...phase.statuses.keys()]).toEqual([200]);
    expect([...staffStatuses.keys()].filter((status) => status === 0 || status >= 500)).toEqual([]);
    expect(staffStatuses.get(429)).toBeGreaterThan(0);
    expect(lane.peakRunning).toBeLessThanOrEqual(perCaller);
    // The heavy work never takes the pool: no respondent query waited for a connection.
    expect(Math.max(...waiting)).toBe(0);
    const baseline = Math.max(percentile(before.latencies, 0.99), percentile(after.latencies, 0.99));
    expect(percentile(loaded.latencies, 0.99)).toBeLessThanOrEqual(2 * baseline);
  }, 180_000);
});
