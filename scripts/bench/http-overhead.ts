/**
 * What the API's cross-cutting stack (request id, access log, helmet, no-store, body parser,
 * SPA check, Nest routing, guard, filter) costs per request, measured against a bare Node HTTP
 * server answering the same JSON in the same process. Only loopback traffic, bounded in count.
 *
 *   npm run bench:http                      # 20000 requests per target, 16 in flight
 *   BENCH_REQUESTS=50000 npm run bench:http
 */
import 'reflect-metadata';
import { Agent, createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../../apps/api/src/app.factory';
import { createRootLogger } from '../../apps/api/src/common/logger';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { positiveInt } from './in-process';

const REQUESTS = positiveInt('BENCH_REQUESTS', 20000);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 16);
const ROUNDS = 3;

function get(agent: Agent, port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(port: number, path: string): Promise<{ rps: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next += 1;
        const t0 = process.hrtime.bigint();
        await get(agent, port, path);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  // Every request asked for was answered 200 (get() rejects any other status).
  if (latencies.length !== REQUESTS) throw new Error(`${path}: ${latencies.length} answers to ${REQUESTS} requests`);
  latencies.sort((a, b) => a - b);
  return { rps: REQUESTS / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function main(): Promise<void> {
  const baseline = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ status: 'ok', time: new Date().toISOString() }));
  });
  const baselinePort = await listen(baseline);

  // Logging stays on (it is part of the cost) but goes nowhere.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ NODE_ENV: 'test' });
  const app = await createApp({ config, logger: createRootLogger('info', sink), withoutDatabase: true });
  await app.init();
  const apiPort = await listen(app.getHttpServer() as Server);

  await measure(baselinePort, '/');
  await measure(apiPort, '/health/live');

  console.log(`requests per round: ${REQUESTS}, concurrency: ${CONCURRENCY}, rounds: ${ROUNDS} (interleaved)`);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const bare = await measure(baselinePort, '/');
    const api = await measure(apiPort, '/health/live');
    ratios.push(bare.rps / api.rps);
    console.log(
      `round ${round}: bare node ${bare.rps.toFixed(0)} req/s (p99 ${bare.p99.toFixed(2)} ms) | ` +
        `API /health/live ${api.rps.toFixed(0)} req/s (p99 ${api.p99.toFixed(2)} ms) | ` +
        `bare/API ${(bare.rps / api.rps).toFixed(2)}x`,
    );
  }
  ratios.sort((a, b) => a - b);
  console.log(`median throughput ratio bare/API: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}x`);
  await app.close();
  baseline.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
