import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

export const RATE_LIMITS_TABLE = 'rate_limits';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * A limiter whose counters live in PostgreSQL (the `rate_limits` table), so every replica sees
 * the same ones. Keys are HMACs (see RateLimitKeys): the table holds no e-mail address, IP address
 * or token. Callers get one through `RateLimitsRepository.limiter`.
 */
function postgresLimiter(dataSource: DataSource, options: LimiterOptions): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: dataSource,
    storeType: 'typeorm',
    tableName: RATE_LIMITS_TABLE,
    tableCreated: true,
    ...options,
  });
}

/** The `rate_limits` table: counters of the limiters throttling logins, links and providers. */
@Injectable()
export class RateLimitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A limiter counting in `rate_limits` under its own key prefix. */
  limiter(options: LimiterOptions): RateLimiterPostgres {
    return postgresLimiter(this.dataSource, options);
  }
}
