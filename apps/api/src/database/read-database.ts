import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { dataSourceOptions } from './data-source';

/** The name of the second TypeORM DataSource, on DATABASE_READ_URL. */
export const READ_DATA_SOURCE = 'read';

/** Seen in pg_stat_activity, so an operator can tell the read pool's sessions from the primary's. */
export const READ_APPLICATION_NAME = 'survey-api-read';

/**
 * Options of the read pool: the same entities, no migrations, and every session read-only
 * (`default_transaction_read_only=on`), so a write sent there by mistake fails instead of
 * landing on a server that may be a replica or a different role.
 */
export function readDataSourceOptions(url: string, poolSize: number): PostgresDataSourceOptions {
  const base = dataSourceOptions(url, poolSize) as PostgresDataSourceOptions;
  return {
    ...base,
    migrations: [],
    applicationName: READ_APPLICATION_NAME,
    extra: { ...(base.extra as object), options: '-c default_transaction_read_only=on' },
  };
}

/**
 * Where reads that may lag go: statistics, exports and lists. With DATABASE_READ_URL it is the
 * read pool (a streaming replica, typically); without, the primary. Repositories inject it
 * beside the primary and use `manager` for those reads only; anything that must see its own
 * writes, or writes, stays on the primary (README, section "Read replica").
 */
@Injectable()
export class ReadDatabase {
  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    @Optional() @InjectDataSource(READ_DATA_SOURCE) private readonly read?: DataSource,
  ) {}

  /** The manager for lagging reads (each statement on its own pooled connection). */
  get manager(): EntityManager {
    return (this.read ?? this.primary).manager;
  }

  /** Whether reads go to a separate pool. */
  get separate(): boolean {
    return this.read !== undefined;
  }
}
