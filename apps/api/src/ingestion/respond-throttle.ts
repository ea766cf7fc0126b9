import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { consumeOrRefuse, postgresLimiter, RateLimitKeys, tooManyAttempts } from '../common/rate-limits';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Throttles guessing of survey-link tokens: each IP address may present a limited number of
 * unknown tokens per window; after that every respondent call from it answers 429 until the
 * window ends, whether the token it brings is valid or not (so a lucky guess is not served).
 * Only failures count, so respondents sharing an office address are not held back.
 */
@Injectable()
export class RespondThrottle {
  private readonly failures: RateLimiterPostgres;
  private readonly keys: RateLimitKeys;
  private readonly max: number;

  constructor(@InjectDataSource() dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    const { respondMaxInvalidTokens, respondInvalidTokenWindowSeconds } = config.ingestion;
    this.max = respondMaxInvalidTokens;
    this.failures = postgresLimiter(dataSource, {
      keyPrefix: 'respond-invalid-token',
      points: respondMaxInvalidTokens,
      duration: respondInvalidTokenWindowSeconds,
    });
    this.keys = new RateLimitKeys(config.secrets.blindIndexKey);
  }

  /** Refuses an address that has spent its budget of unknown tokens, before any token is looked up. */
  async admit(ip: string): Promise<void> {
    const state = await this.failures.get(this.keys.key('ip', ip));
    if (state && state.consumedPoints >= this.max) {
      throw tooManyAttempts(state.msBeforeNext, 'Too many invalid survey links from this address; try again later.');
    }
  }

  /** Counts an unknown or malformed token against the address. */
  async failed(ip: string): Promise<void> {
    await this.failures.penalty(this.keys.key('ip', ip), 1);
  }
}

/**
 * Per-key request budget on the provider routes: `PROVIDER_REQUESTS_PER_MINUTE` per key and
 * per route family (writing and reading are counted apart). Runs after the AccessGuard, which
 * has authenticated the key.
 */
abstract class ProviderRateLimit implements CanActivate {
  private readonly limiter: RateLimiterPostgres;

  constructor(dataSource: DataSource, config: AppConfig, family: string) {
    this.limiter = postgresLimiter(dataSource, {
      keyPrefix: `provider-${family}`,
      points: config.ingestion.providerRequestsPerMinute,
      duration: 60,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const principal = context.switchToHttp().getRequest<Request & { principal?: ApiKeyPrincipal }>().principal;
    if (principal?.kind !== 'api_key') return true;
    await consumeOrRefuse(
      this.limiter,
      principal.keyId,
      'This API key has made too many requests in the last minute; retry after the delay given.',
    );
    return true;
  }
}

@Injectable()
export class ProviderWriteRateLimit extends ProviderRateLimit {
  constructor(@InjectDataSource() dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    super(dataSource, config, 'write');
  }
}

@Injectable()
export class ProviderReadRateLimit extends ProviderRateLimit {
  constructor(@InjectDataSource() dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    super(dataSource, config, 'read');
  }
}
