import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { MetricsService } from '../observability/metrics.service';

/** Seconds a request for a connection waits; the pool gives up at connectionTimeoutMillis (5 s). */
const ACQUIRE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Connect = Pool['connect'];
type ConnectCallback = (
  err: Error | undefined,
  client: PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

const instrumented = new WeakSet<Pool>();

/** The pg pool under a TypeORM DataSource (its `master` pool once initialised). */
export function poolOf(dataSource: DataSource): Pool | null {
  return (dataSource.driver as unknown as { master?: Pool }).master ?? null;
}

/**
 * Publishes a pool's connections (total, idle, in use), the requests waiting for one, and how
 * long each request for a connection waited, labelled with the pool's name (primary, read).
 */
export function instrumentPool(metrics: MetricsService, name: string, pool: Pool): void {
  if (instrumented.has(pool)) return;
  instrumented.add(pool);
  const pools = poolRegistry(metrics);
  pools.set(name, pool);
  const acquire = metrics.histogram(
    'db_pool_acquire_seconds',
    'How long a request for a database connection waited, by pool and outcome',
    ['pool', 'outcome'],
    ACQUIRE_BUCKETS,
  );
  const original = pool.connect.bind(pool) as (callback?: ConnectCallback) => Promise<PoolClient> | void;
  const timed = (callback?: ConnectCallback): Promise<PoolClient> | void => {
    const end = acquire.startTimer({ pool: name });
    if (callback) {
      return original((err, client, done) => {
        end({ outcome: err ? 'error' : 'ok' });
        callback(err, client, done);
      });
    }
    return (original() as Promise<PoolClient>).then(
      (client) => {
        end({ outcome: 'ok' });
        return client;
      },
      (error: unknown) => {
        end({ outcome: 'error' });
        throw error;
      },
    );
  };
  // pg-pool's query() and TypeORM both call connect() on the instance, so both are timed.
  pool.connect = timed as Connect;
}

const registries = new WeakMap<MetricsService, Map<string, Pool>>();

/** The pools of one application, read by its gauges at each scrape. */
function poolRegistry(metrics: MetricsService): Map<string, Pool> {
  const existing = registries.get(metrics);
  if (existing) return existing;
  const known = new Map<string, Pool>();
  registries.set(metrics, known);
  metrics.gauge(
    'db_pool_connections',
    'Database connections in the pool, by pool and state',
    ['pool', 'state'],
    (g) => {
      g.reset();
      for (const [name, pool] of known) {
        g.set({ pool: name, state: 'total' }, pool.totalCount);
        g.set({ pool: name, state: 'idle' }, pool.idleCount);
        g.set({ pool: name, state: 'in_use' }, pool.totalCount - pool.idleCount);
      }
    },
  );
  metrics.gauge('db_pool_waiting_requests', 'Requests waiting for a database connection, by pool', ['pool'], (g) => {
    g.reset();
    for (const [name, pool] of known) g.set({ pool: name }, pool.waitingCount);
  });
  metrics.gauge('db_pool_max_connections', 'Largest number of connections the pool opens, by pool', ['pool'], (g) => {
    g.reset();
    for (const [name, pool] of known) g.set({ pool: name }, pool.options.max ?? 10);
  });
  return known;
}
