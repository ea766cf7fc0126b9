import { Logger as WorkerLogger, runMigrations as runJobQueueMigrations } from 'graphile-worker';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Connections per pool unless DB_POOL_SIZE says otherwise. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * Every connection (app, migrations, tests, drift check) is built from these options. A pool
 * that is empty for `connectionTimeoutMillis` fails the query (the problem filter answers 503);
 * heavy requests are limited before they reach it (common/bulkhead.ts). `preparedStatements`
 * is read by preparedQuery (the pg driver ignores the extra key).
 */
export function dataSourceOptions(
  url: string,
  poolSize = DEFAULT_POOL_SIZE,
  preparedStatements = true,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: 'survey-api',
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension has to be installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, preparedStatements },
  };
}

// Any number fits: it only has to be the same for every replica of this application.
export const MIGRATION_LOCK_ID = 724_611_902;

/** Whether any migration of this build is not recorded as applied (read without any lock). */
async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  const [{ present, queue }] = (await dataSource.query(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present,
            to_regclass('${JOB_QUEUE_SCHEMA}.migrations') IS NOT NULL AS queue`,
  )) as { present: boolean; queue: boolean }[];
  // The job queue's schema is installed with the application's: missing, it is pending too.
  if (!present || !queue) return true;
  const rows = (await dataSource.query('SELECT name FROM schema_migrations')) as { name: string }[];
  const applied = new Set(rows.map((row) => row.name));
  return dataSource.migrations.some((migration) => !applied.has(migration.name ?? migration.constructor.name));
}

/** The schema graphile-worker keeps its jobs in (owned by the jobs module). */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

/**
 * Brings the schema up to date: the application's migrations, then the job queue's own schema
 * (graphile-worker's migrations), so that every process, whatever its ROLE, can enqueue jobs
 * from its first request. Replicas starting together take an advisory lock so exactly one of
 * them migrates while the others wait. A schema already current (a deployment's migration job
 * ran first) is seen without taking the lock: that lock lives in the database session, which a
 * pooler in transaction mode (PgBouncer) does not keep from one statement to the next.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  if (!(await hasPendingMigrations(dataSource).catch(() => true))) {
    await dataSource.destroy();
    return [];
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      await runJobQueueMigrations({
        connectionString: url,
        schema: JOB_QUEUE_SCHEMA,
        logger: new WorkerLogger(() => () => undefined),
      });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
