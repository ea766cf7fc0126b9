import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { closeGracefully, createApp } from '../../apps/api/src/app.factory';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';
import { cleanups, createBenchDatabase, freePort } from './harness';

/**
 * Helpers of the benchmarks that boot the application in their own process (access-and-audit,
 * ingest, statistics, composition). Kept apart from harness.ts, which must not load application
 * code (contact-import runs the built API as a separate process and loads harness.ts without path
 * aliases).
 */

/** A positive whole number from the environment (underscores allowed: 10_000), else the fallback. */
export function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Listens on the loopback interface, on a free port, and returns the port. */
export function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A URL of the server to create the bench database on: DATABASE_URL, else an embedded one. */
export async function databaseServer(): Promise<string> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const host = new URL(given).hostname;
    if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(host)) {
      throw new Error(`DATABASE_URL points to ${host}: benchmarks send traffic to the loopback interface only.`);
    }
    return given;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'survey-bench-pg-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  console.log('DATABASE_URL is not set: starting an embedded PostgreSQL in a temporary folder');
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'postgres',
    logger: createRootLogger('warn'),
  });
  cleanups.push(() => server.stop());
  return server.url;
}

export interface Sample {
  /** Operations done (fewer than asked when the time budget ran out). */
  count: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  /** CPU time of this process (the application and the client) per operation, in ms. */
  cpuMs: number;
  truncated: boolean;
}

/** Runs `op` `count` times with `concurrency` in flight, or until `maxSeconds` have passed. */
export async function runLoad(
  count: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
  maxSeconds: number,
): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const cpuAtStart = process.cpuUsage();
  const deadline = started + BigInt(maxSeconds) * 1_000_000_000n;
  let truncated = false;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        if (process.hrtime.bigint() > deadline) {
          truncated = true;
          return;
        }
        const i = next;
        next += 1;
        const t0 = process.hrtime.bigint();
        await op(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpuAtStart);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))];
  const done = latencies.length;
  return {
    count: done,
    seconds,
    rate: done / seconds,
    p50: at(0.5),
    p99: at(0.99),
    cpuMs: (user + system) / 1000 / done,
    truncated,
  };
}

/**
 * A fresh, migrated database called `name` on the bench server, and the application booted on it
 * in this process (its logs discarded, mail polling off, `env` added to its configuration); closed
 * when the run ends.
 */
export async function bootOnFreshDatabase(
  name: string,
  env: Record<string, string> = {},
): Promise<NestExpressApplication> {
  const databaseUrl = await createBenchDatabase(await databaseServer(), name);
  await runMigrations(databaseUrl);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, MAIL_POLL_INTERVAL_MS: '0', ...env });
  const app = await createApp({ config, logger: createRootLogger('info', sink) });
  cleanups.push(() => closeGracefully(app));
  await app.init();
  return app;
}
