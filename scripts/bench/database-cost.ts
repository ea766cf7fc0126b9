/**
 * What a piece of work cost PostgreSQL, read from pg_stat_statements for the benchmark's own
 * database only (other databases on the server do not count): statement time (executor time,
 * COMMIT included, so the WAL flush is in it), statements, WAL bytes and buffers dirtied. It needs
 * `shared_preload_libraries = 'pg_stat_statements'` on the server; without it the benchmarks say
 * so and print no such figure. Statement time is wall time inside the server: on a machine busy
 * with other work it is an upper bound of the CPU spent.
 */
import type { DataSource } from 'typeorm';

export class DatabaseCost {
  constructor(
    readonly statementMs: number,
    readonly statements: number,
    readonly walBytes: number,
    readonly blocksDirtied: number,
  ) {}

  minus(earlier: DatabaseCost): DatabaseCost {
    return new DatabaseCost(
      this.statementMs - earlier.statementMs,
      this.statements - earlier.statements,
      this.walBytes - earlier.walBytes,
      this.blocksDirtied - earlier.blocksDirtied,
    );
  }

  /** The cost of one of `count` units of work. */
  per(count: number): DatabaseCost {
    return new DatabaseCost(
      this.statementMs / count,
      this.statements / count,
      this.walBytes / count,
      this.blocksDirtied / count,
    );
  }

  describe(): string {
    return (
      `${this.statementMs.toFixed(3)} ms of statements (${this.statements.toFixed(1)} statements), ` +
      `${(this.walBytes / 1024).toFixed(2)} KiB of WAL, ${this.blocksDirtied.toFixed(2)} buffers dirtied`
    );
  }

  /** The median of each figure separately. */
  static median(costs: DatabaseCost[]): DatabaseCost {
    const mid = (pick: (cost: DatabaseCost) => number) => {
      const sorted = costs.map(pick).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)];
    };
    return new DatabaseCost(
      mid((c) => c.statementMs),
      mid((c) => c.statements),
      mid((c) => c.walBytes),
      mid((c) => c.blocksDirtied),
    );
  }
}

/** The totals so far for the current database, or undefined without pg_stat_statements. */
export async function databaseCost(dataSource: DataSource): Promise<DatabaseCost | undefined> {
  try {
    await dataSource.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const [row] = (await dataSource.query(
      `SELECT coalesce(sum(total_exec_time), 0)::float8 AS ms, coalesce(sum(calls), 0)::float8 AS calls,
              coalesce(sum(wal_bytes), 0)::float8 AS wal, coalesce(sum(shared_blks_dirtied), 0)::float8 AS dirtied
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )) as Array<{ ms: number; calls: number; wal: number; dirtied: number }>;
    return new DatabaseCost(row.ms, row.calls, row.wal, row.dirtied);
  } catch {
    return undefined;
  }
}

/** Bytes on disk (tables, indexes, TOAST) of the current database's largest tables. */
export async function tableSizes(
  dataSource: DataSource,
  limit = 12,
): Promise<Array<{ table: string; bytes: number; rows: number }>> {
  const rows = (await dataSource.query(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid)::float8 AS bytes, c.reltuples::float8 AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = 'public'
      ORDER BY pg_total_relation_size(c.oid) DESC
      LIMIT $1`,
    [limit],
  )) as Array<{ table: string; bytes: number; rows: number }>;
  return rows;
}
