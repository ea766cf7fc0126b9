/**
 * What access control and the audit log cost, each against a baseline measured in the same run
 * on the same machine (compare the ratios, not the absolute figures):
 *
 *  1. An authenticated request (staff bearer token: passport-jwt verification, then the session
 *     and token version looked up in PostgreSQL) against the public GET /health/live, on the same
 *     listening application: GET /api/v1/auth/me, and a bench-only route behind the same guard
 *     whose handler touches no database, to separate the guard from the handler.
 *  2. AuditService.record() (row lock on the chain head, hash, insert, head update, one
 *     transaction per event) against plain one-row INSERTs, one transaction each, into a scratch
 *     table of the same shape, at concurrency 1 and at a higher concurrency; then
 *     AuditService.verify() over every event written, against reading the same rows unhashed.
 *
 * It runs the real application against PostgreSQL in a database of its own (bench_<timestamp>,
 * migrated, dropped at the end even on failure or Ctrl-C), created on the server DATABASE_URL
 * points to (a loopback server; the user must be allowed to CREATE DATABASE), or without
 * DATABASE_URL on an embedded PostgreSQL started in a temporary folder. Only loopback traffic,
 * bounded in count and in time.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:access
 *   BENCH_REQUESTS=10000 BENCH_AUDIT_EVENTS=2000 npm run bench:access
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHash, randomUUID } from 'node:crypto';
import { Agent, OutgoingHttpHeaders, request, Server } from 'node:http';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { closeGracefully, createApp } from '../../apps/api/src/app.factory';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { Access, CurrentStaff, StaffPrincipal } from '../../apps/api/src/auth/access.decorator';
import { AuthService } from '../../apps/api/src/auth/auth.service';
import { STAFF_ROLES, StaffRole } from '../../apps/api/src/auth/roles';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { UsersService } from '../../apps/api/src/users/users.service';
import { cleanups, createBenchDatabase, runBenchmark } from './harness';
import { databaseServer, listen, median, positiveInt, runLoad as runLoadFor, type Sample } from './in-process';

/** Requests per target per round. */
const REQUESTS = positiveInt('BENCH_REQUESTS', 1000);
/** Requests in flight. */
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 16);
/** Audit events (and baseline inserts) per case per round. */
const AUDIT_EVENTS = positiveInt('BENCH_AUDIT_EVENTS', 300);
/** Appends in flight for the concurrent case (the pool holds 10 connections). */
const AUDIT_CONCURRENCY = positiveInt('BENCH_AUDIT_CONCURRENCY', 8);
const ROUNDS = positiveInt('BENCH_ROUNDS', 3);
/** A single measurement stops early (and says so) once it has run this long. */
const MAX_SECONDS = positiveInt('BENCH_MAX_SECONDS', 20);
/** The whole run is abandoned (and cleaned up) after this long. */
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 300);
const REQUEST_TIMEOUT_MS = 10_000;
const VERIFY_BATCH = 2000; // as AuditService.verify reads
const SCRATCH_TABLE = 'bench_audit_scratch';

// ---------------------------------------------------------------------------------------------
// Measuring

const runLoad = (count: number, concurrency: number, op: (i: number) => Promise<void>) =>
  runLoadFor(count, concurrency, op, MAX_SECONDS);

const rate = (s: Sample, unit: string) => `${s.rate.toFixed(0)} ${unit}${s.truncated ? ` (time cap: ${s.count})` : ''}`;
const latency = (s: Sample) => `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms`;

function get(agent: Agent, port: number, path: string, headers: OutgoingHttpHeaders): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`GET ${path}: status ${res.statusCode}`)),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

async function measureHttp(port: number, path: string, headers: OutgoingHttpHeaders, count = REQUESTS) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    return await runLoad(count, CONCURRENCY, () => get(agent, port, path, headers));
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The database of the run, and cleaning up after it whatever happens

// ---------------------------------------------------------------------------------------------
// The application

/** A staff-only route whose handler touches no database: the guard's cost alone. */
@Controller('bench')
class BenchProbeController {
  @Get('whoami')
  @Access({ roles: STAFF_ROLES })
  whoami(@CurrentStaff() staff: StaffPrincipal): { userId: string } {
    return { userId: staff.userId };
  }
}

@Module({ controllers: [BenchProbeController] })
class BenchProbeModule {}

/** An analyst (no second factor required) and an access token of a fresh session, as a login would give. */
async function staffToken(app: NestExpressApplication): Promise<string> {
  const users = app.get(UsersService);
  const created = await users.create({
    email: `bench-analyst-${randomUUID().slice(0, 8)}@staff.example.org`,
    displayName: 'Bench analyst',
    role: StaffRole.Analyst,
    password: 'correct horse battery staple',
  });
  const tokens = await app.get(AuthService).openSession(await users.getById(created.id));
  return tokens.accessToken;
}

// ---------------------------------------------------------------------------------------------
// 1. Authenticated request overhead

async function benchAuthenticatedRequests(port: number, token: string): Promise<void> {
  const bearer = { Authorization: `Bearer ${token}` };
  const targets = [
    { label: 'GET /health/live (public)', path: '/health/live', headers: {} },
    { label: 'GET /api/v1/bench/whoami (guard only)', path: '/api/v1/bench/whoami', headers: bearer },
    { label: 'GET /api/v1/auth/me', path: '/api/v1/auth/me', headers: bearer },
  ];
  for (const target of targets) await measureHttp(port, target.path, target.headers, Math.min(REQUESTS, 300));

  console.log(`\n1. Authenticated request overhead`);
  console.log(
    `   requests per target per round: ${REQUESTS}, concurrency: ${CONCURRENCY}, rounds: ${ROUNDS} (interleaved)`,
  );
  const ratios = targets.map(() => [] as number[]);
  for (let round = 1; round <= ROUNDS; round += 1) {
    const samples: Sample[] = [];
    for (const target of targets) samples.push(await measureHttp(port, target.path, target.headers));
    console.log(`   round ${round}:`);
    samples.forEach((sample, i) => {
      const ratio = samples[0].rate / sample.rate;
      ratios[i].push(ratio);
      console.log(
        `     ${targets[i].label.padEnd(38)} ${rate(sample, 'req/s').padStart(10)}  (${latency(sample)})` +
          (i > 0 ? `  public/this ${ratio.toFixed(2)}x` : ''),
      );
    });
  }
  for (let i = 1; i < targets.length; i += 1) {
    console.log(`   median throughput ratio public/${targets[i].label}: ${median(ratios[i]).toFixed(2)}x`);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Audit append throughput and verification

async function benchAudit(app: NestExpressApplication): Promise<void> {
  const dataSource = app.get(DataSource);
  const audit = app.get(AuditService);
  await dataSource.query(`CREATE TABLE ${SCRATCH_TABLE} (LIKE audit_events INCLUDING ALL)`);

  let scratchSeq = 0;
  const plainInsert = (i: number) =>
    dataSource
      .transaction((manager) =>
        manager.query(
          `INSERT INTO ${SCRATCH_TABLE} (seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id,
             purpose, outcome, request_id, details, prev_hash, hash)
           VALUES ($1, $2, 'system', NULL, 'bench.event', 'bench', $3, NULL, 'success', NULL, $4, $5, $6)`,
          [
            String((scratchSeq += 1)),
            new Date(),
            randomUUID(),
            JSON.stringify({ n: i }),
            createHash('sha256').update(`prev ${i}`).digest('hex'),
            createHash('sha256').update(`this ${i}`).digest('hex'),
          ],
        ),
      )
      .then(() => undefined);
  const auditAppend = (i: number) =>
    audit.record({
      action: 'bench.event',
      resourceType: 'bench',
      resourceId: randomUUID(),
      actor: { type: 'system', id: null },
      details: { n: i },
    });

  await runLoad(Math.min(AUDIT_EVENTS, 100), 1, plainInsert);
  await runLoad(Math.min(AUDIT_EVENTS, 100), 1, auditAppend);

  console.log(`\n2. Audit append throughput (one transaction per event)`);
  console.log(
    `   events per case per round: ${AUDIT_EVENTS}, concurrency 1 and ${AUDIT_CONCURRENCY}, rounds: ${ROUNDS} (interleaved)`,
  );
  const ratios = new Map<number, number[]>([
    [1, []],
    [AUDIT_CONCURRENCY, []],
  ]);
  const auditRates = new Map<number, number[]>([
    [1, []],
    [AUDIT_CONCURRENCY, []],
  ]);
  const plainRates = new Map<number, number[]>([
    [1, []],
    [AUDIT_CONCURRENCY, []],
  ]);
  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`   round ${round}:`);
    for (const concurrency of ratios.keys()) {
      const plain = await runLoad(AUDIT_EVENTS, concurrency, plainInsert);
      const chained = await runLoad(AUDIT_EVENTS, concurrency, auditAppend);
      ratios.get(concurrency)!.push(plain.rate / chained.rate);
      plainRates.get(concurrency)!.push(plain.rate);
      auditRates.get(concurrency)!.push(chained.rate);
      console.log(
        `     concurrency ${String(concurrency).padStart(2)}: plain INSERT ${rate(plain, 'ev/s').padStart(9)} (${latency(plain)}) | ` +
          `AuditService.record ${rate(chained, 'ev/s').padStart(9)} (${latency(chained)}) | ` +
          `plain/audit ${(plain.rate / chained.rate).toFixed(2)}x`,
      );
    }
  }
  for (const concurrency of ratios.keys()) {
    console.log(
      `   median at concurrency ${concurrency}: plain INSERT ${median(plainRates.get(concurrency)!).toFixed(0)} ev/s, ` +
        `AuditService.record ${median(auditRates.get(concurrency)!).toFixed(0)} ev/s, ` +
        `plain/audit ${median(ratios.get(concurrency)!).toFixed(2)}x`,
    );
  }
  const scaling = (rates: Map<number, number[]>) =>
    (median(rates.get(AUDIT_CONCURRENCY)!) / median(rates.get(1)!)).toFixed(2);
  console.log(
    `   speed-up from concurrency 1 to ${AUDIT_CONCURRENCY}: plain INSERT ${scaling(plainRates)}x, ` +
      `AuditService.record ${scaling(auditRates)}x (the chain-head lock serialises appends)`,
  );

  // Verification: the whole chain, against reading the same rows in the same batches unhashed.
  const [{ count }] = (await dataSource.query('SELECT count(*)::int AS count FROM audit_events')) as {
    count: number;
  }[];
  const plainRead = () =>
    dataSource.transaction('REPEATABLE READ', async (manager) => {
      let read = 0;
      for (let from = 1; ; from += VERIFY_BATCH) {
        const rows = (await manager.query('SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2', [
          from,
          VERIFY_BATCH,
        ])) as unknown[];
        read += rows.length;
        if (rows.length < VERIFY_BATCH) return read;
      }
    });
  console.log(`\n   AuditService.verify() over the ${count} events written, rounds: ${ROUNDS} (interleaved)`);
  const verifyRatios: number[] = [];
  const verifyRates: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    let t0 = process.hrtime.bigint();
    const read = await plainRead();
    const readSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    t0 = process.hrtime.bigint();
    const result = await audit.verify();
    const verifySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (!result.valid || result.checkedEvents !== count || read !== count) {
      throw new Error(`verification went wrong: read ${read}, ${JSON.stringify(result)}`);
    }
    verifyRatios.push(verifySeconds / readSeconds);
    verifyRates.push(count / verifySeconds);
    console.log(
      `   round ${round}: plain read ${(count / readSeconds).toFixed(0)} ev/s (${(readSeconds * 1000).toFixed(0)} ms) | ` +
        `verify ${(count / verifySeconds).toFixed(0)} ev/s (${(verifySeconds * 1000).toFixed(0)} ms, chain valid) | ` +
        `verify/read time ${(verifySeconds / readSeconds).toFixed(2)}x`,
    );
  }
  console.log(
    `   median: verify ${median(verifyRates).toFixed(0)} events/s, ${median(verifyRatios).toFixed(2)}x the time of a plain read`,
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const databaseUrl = await createBenchDatabase(await databaseServer(), `bench_${Date.now()}`);
  await runMigrations(databaseUrl);

  // Logging stays on (it is part of the cost) but goes nowhere.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl });
  const app = await createApp({ config, logger: createRootLogger('info', sink), imports: [BenchProbeModule] });
  cleanups.push(() => closeGracefully(app));
  await app.init();
  const port = await listen(app.getHttpServer() as Server);

  await benchAuthenticatedRequests(port, await staffToken(app));
  await benchAudit(app);
}

runBenchmark(main, TIMEOUT_SECONDS);
