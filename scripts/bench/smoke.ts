/**
 * Every benchmark at a tiny size, so that none of them can rot unnoticed: each `bench:*` npm
 * script (but this one) is run once, compiled, in a child process of its own with a time cap, and
 * the run fails, naming the benchmark, when one exits non-zero (an error, or a count it checks
 * that came out wrong: rows inserted, responses stored, mails received, export rows…) or runs out
 * of time. The list comes from package.json: a benchmark without a smoke size below fails the run,
 * so a new one cannot be forgotten. Figures printed at these sizes mean nothing.
 *
 * Builds once (the API with `nest build`, the SPAs for first-load), then runs the benches one after
 * the other on one PostgreSQL: DATABASE_URL's server (loopback only), else an embedded one started
 * here in a temporary folder, each bench in a database of its own.
 *
 *   npm run bench:smoke                       # every bench
 *   npm run bench:smoke -- mail export        # only these
 *   BENCH_SMOKE_SKIP_BUILD=1 npm run bench:smoke   # dist/ is already built from this checkout
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanUp } from './harness';
import { databaseServer } from './in-process';

/** The repository: this file runs compiled from dist/bench/scripts/bench. */
const ROOT = resolve(__dirname, __dirname.includes(join('dist', 'bench')) ? '../../../..' : '../..');

interface SmokeSize {
  /** The bench's own size variables, set small. */
  env: Record<string, string>;
  /** Arguments after the script's command. */
  args?: string[];
  /** The whole bench is killed after this long (it also gets it as BENCH_TIMEOUT_SECONDS). */
  capSeconds: number;
}

/** Every `bench:*` npm script, by name (bench:http → http). */
export const SMOKE_SIZES: Record<string, SmokeSize> = {
  http: { env: { BENCH_REQUESTS: '300', BENCH_CONCURRENCY: '8' }, capSeconds: 60 },
  access: {
    env: { BENCH_REQUESTS: '60', BENCH_AUDIT_EVENTS: '30', BENCH_ROUNDS: '1', BENCH_MAX_SECONDS: '20' },
    capSeconds: 90,
  },
  import: { env: { BENCH_ROWS: '300', BENCH_IMPORT_MAX_SECONDS: '60' }, capSeconds: 300 },
  webhooks: {
    env: { BENCH_EVENTS: '40', BENCH_CONCURRENCY: '4', BENCH_ROUNDS: '1', BENCH_MAX_SECONDS: '20' },
    capSeconds: 90,
  },
  ingest: {
    env: {
      BENCH_CONTACTS: '120',
      BENCH_SUBMISSIONS: '40',
      BENCH_CONCURRENCY: '4',
      BENCH_BATCHES: '1',
      BENCH_BATCH_SIZE: '40',
      BENCH_ROUNDS: '1',
    },
    capSeconds: 120,
  },
  composition: { env: { BENCH_RESPONSES: '2000', BENCH_REPEATS: '1' }, capSeconds: 120 },
  statistics: { env: { BENCH_RESPONSES: '2000', BENCH_REPEATS: '1' }, capSeconds: 90 },
  'staff-load': {
    env: { BENCH_RESPONSES: '300', BENCH_PER_PHASE: '20', BENCH_RATE: '20', BENCH_ANALYST_PARALLEL: '4' },
    capSeconds: 150,
  },
  retention: {
    env: {
      BENCH_RESPONSES: '2000',
      BENCH_CONTACTS: '400',
      BENCH_OLD_SURVEYS: '2',
      BENCH_LIVE_CONTACTS: '300',
      BENCH_LIVE_SURVEYS: '2',
      BENCH_RATE: '10',
      BENCH_BASELINE_SECONDS: '2',
      BENCH_WARM_UP_SECONDS: '1',
      BENCH_BATCH_SIZE: '500',
    },
    capSeconds: 150,
  },
  'first-load': { env: {}, capSeconds: 90 },
  mail: { env: { BENCH_MAILS: '50', BENCH_ROUNDS: '1' }, capSeconds: 90 },
  export: { env: { BENCH_RESPONSES: '2000' }, capSeconds: 90 },
};

/** Steps of a bench's npm script that build, done once here instead. */
const BUILD_STEP = /^(tsc -p scripts\/bench\/tsconfig\.json|npm run build:api|nest build api)$/;

/** The `bench:*` scripts of package.json (but bench:smoke), as the command that runs each, build steps left out. */
export function benchCommands(packageJson: string): Map<string, string> {
  const scripts = (JSON.parse(packageJson) as { scripts: Record<string, string> }).scripts;
  const commands = new Map<string, string>();
  for (const [script, command] of Object.entries(scripts)) {
    if (!script.startsWith('bench:') || script === 'bench:smoke') continue;
    const steps = command.split('&&').map((step) => step.trim());
    commands.set(script.slice('bench:'.length), steps.filter((step) => !BUILD_STEP.test(step)).join(' && '));
  }
  return commands;
}

function build(): void {
  for (const script of ['build:api', 'build:spa']) {
    console.log(`building: npm run ${script}`);
    const started = Date.now();
    const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status ?? result.signal})`);
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

interface Outcome {
  ok: boolean;
  seconds: number;
  why: string;
  output: string;
}

/** Runs one bench in its own process group; kills the group when the cap is reached. */
function runOne(command: string, size: SmokeSize, databaseUrl: string): Promise<Outcome> {
  const full = [command, ...(size.args ?? [])].join(' ');
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn('sh', ['-c', full], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...size.env,
        DATABASE_URL: databaseUrl,
        BENCH_DATABASE_URL: databaseUrl,
        // The bench gives up (and cleans up) a little before it is killed.
        BENCH_TIMEOUT_SECONDS: String(Math.max(10, size.capSeconds - 10)),
      },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const cap = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 10_000).unref();
    }, size.capSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(cap);
      const seconds = (Date.now() - started) / 1000;
      if (timedOut) done({ ok: false, seconds, why: `ran longer than its cap of ${size.capSeconds} s`, output });
      else if (code !== 0) done({ ok: false, seconds, why: `exited ${code ?? signal}`, output });
      else done({ ok: true, seconds, why: '', output });
    });
  });
}

async function main(): Promise<number> {
  const commands = benchCommands(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const unsized = [...commands.keys()].filter((name) => !(name in SMOKE_SIZES));
  const gone = Object.keys(SMOKE_SIZES).filter((name) => !commands.has(name));
  if (unsized.length > 0 || gone.length > 0) {
    if (unsized.length > 0)
      console.error(`no smoke size for ${unsized.map((n) => `bench:${n}`).join(', ')}: add it to SMOKE_SIZES`);
    if (gone.length > 0) console.error(`smoke sizes for benches package.json lacks: ${gone.join(', ')}`);
    return 1;
  }
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !commands.has(name));
  if (unknown.length > 0) {
    console.error(`no bench called ${unknown.join(', ')}; there are: ${[...commands.keys()].join(', ')}`);
    return 1;
  }
  const selected = only.length > 0 ? only : [...commands.keys()];

  if (!process.env.BENCH_SMOKE_SKIP_BUILD) build();
  const databaseUrl = await databaseServer();

  // Each bench's output (its last 20,000 characters), to read after the run.
  const logs = join(ROOT, 'dist/bench/smoke-logs');
  mkdirSync(logs, { recursive: true });
  console.log(`each bench's output goes to ${logs.slice(ROOT.length + 1)}/<bench>.log`);
  const failed: string[] = [];
  const startedAll = Date.now();
  for (const name of selected) {
    const outcome = await runOne(commands.get(name)!, SMOKE_SIZES[name], databaseUrl);
    writeFileSync(join(logs, `${name}.log`), outcome.output);
    console.log(`${outcome.ok ? 'ok  ' : 'FAIL'} bench:${name.padEnd(12)} ${outcome.seconds.toFixed(0).padStart(4)} s`);
    if (!outcome.ok) {
      failed.push(name);
      console.log(`---- bench:${name} ${outcome.why}; its last output:\n${outcome.output.slice(-6000)}\n----`);
    }
  }
  const total = ((Date.now() - startedAll) / 1000).toFixed(0);
  if (failed.length > 0) {
    console.error(`bench:smoke failed (${total} s): ${failed.map((n) => `bench:${n}`).join(', ')}`);
    return 1;
  }
  console.log(`bench:smoke: all ${selected.length} benches ran at smoke size in ${total} s`);
  return 0;
}

if (require.main === module) {
  main()
    .catch((error: unknown) => {
      console.error(error);
      return 1;
    })
    .then(async (code) => {
      await cleanUp();
      process.exit(code);
    });
}
