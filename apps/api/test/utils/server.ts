import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs the built server (what `npm start` runs) as a child process. */
const root = join(__dirname, '../../../..');
export const BUILT_MAIN = join(root, 'dist/apps/api/apps/api/src/main.js');

export const BUILT_RECOVER_CLI = join(root, 'dist/apps/api/apps/api/src/users/recover-account-cli.js');
export const BUILT_DEMO_CLI = join(root, 'dist/apps/api/apps/api/src/demo/demo-cli.js');

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
