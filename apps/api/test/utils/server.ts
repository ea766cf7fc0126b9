import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository: the nearest folder above this file holding package.json (this file also runs
 * compiled, from dist/bench/, in the benchmarks).
 */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '../../../..');
  }
}

/** Runs the built server (what `npm start` runs) as a child process. */
const root = repositoryRoot(__dirname);
export const BUILT_MAIN = join(root, 'dist/apps/api/apps/api/src/main.js');

export const BUILT_RECOVER_CLI = join(root, 'dist/apps/api/apps/api/src/users/recover-account-cli.js');
export const BUILT_DEMO_CLI = join(root, 'dist/apps/api/apps/api/src/demo/demo-cli.js');
const BUILT_EMBEDDED_POSTGRES = join(root, 'dist/apps/api/apps/api/src/database/embedded-postgres.js');
const BUILT_LOGGER = join(root, 'dist/apps/api/apps/api/src/common/logger.js');

export interface OwnedPostgres {
  url: string;
  /** Fast shutdown: sessions still open are ended (57P01), as in a restart. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own (the embedded one the built server uses without
 * DATABASE_URL), run by a helper process so the test can stop and restart it under traffic.
 * `dataDir` keeps the cluster between restarts; the port stays the same.
 */
export async function startOwnedPostgres(dataDir: string, port: number): Promise<OwnedPostgres> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(BUILT_EMBEDDED_POSTGRES)});
    const { createRootLogger } = require(${JSON.stringify(BUILT_LOGGER)});
    startEmbeddedPostgres({ dataDir: process.env.PG_DIR, port: Number(process.env.PG_PORT), database: 'survey',
                            logger: createRootLogger('warn') }).then((pg) => {
      process.on('SIGTERM', () => pg.stop().then(() => process.exit(0), () => process.exit(1)));
      process.stdout.write('URL ' + pg.url + '\\n');
    }, (error) => { process.stderr.write(error.message + '\\n'); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PG_DIR: dataDir, PG_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /URL (\S+)/.exec(output);
      if (found) resolve(found[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`PostgreSQL did not start (exit ${code}):\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a built CLI to completion; resolves with its exit code and output. */
export function runBuilt(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function start(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [BUILT_MAIN], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitUntilReady(port: number, started: Started, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`server exited early:\n${started.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server not ready after ${seconds}s:\n${started.output()}`);
}
