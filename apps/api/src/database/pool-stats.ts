import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { MetricsService } from '../observability/metrics.service';
import { instrumentPool, poolOf } from './pool-metrics';
import { READ_DATA_SOURCE } from './read-database';

/**
 * The application's connection pools, by name (`primary`, and `read` when DATABASE_READ_URL is
 * set), for the metrics of their counters. Only pools whose DataSource is initialised are listed:
 * the OpenAPI generation builds the module graph without connecting.
 */
@Injectable()
export class PoolStats {
  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    @Optional() @InjectDataSource(READ_DATA_SOURCE) private readonly read?: DataSource,
  ) {}

  /** The initialised pools, by name. */
  private pools(): Array<{ name: 'primary' | 'read'; pool: Pool }> {
    const found: Array<{ name: 'primary' | 'read'; pool: Pool }> = [];
    for (const [name, dataSource] of [
      ['primary', this.primary],
      ['read', this.read],
    ] as const) {
      const pool = dataSource?.isInitialized ? poolOf(dataSource) : null;
      if (pool) found.push({ name, pool });
    }
    return found;
  }

  /** Publishes each pool's connections, waiting requests and acquire times (`pool-metrics.ts`). */
  instrument(metrics: MetricsService): void {
    for (const { name, pool } of this.pools()) instrumentPool(metrics, name, pool);
  }
}
