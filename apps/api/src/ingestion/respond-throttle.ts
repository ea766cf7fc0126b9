import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { consumeOrRefuse, RateLimitKeys, RateLimitsRepository, tooManyAttempts } from '../common/rate-limits';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Throttles guessing of survey-link tokens: each IP address may present a limited number of
 * unknown tokens per window; after that every respondent call from it answers 429 until the
 * window ends, whether the token it brings is valid or not (so a lucky guess is not served).
 * Only failures count, so respondents sharing an office address are not held back.
 */
@Injectable()
export class RespondThrottle {
  private static readonly PREFIX = 'respond-invalid-token';
  private readonly failures: RateLimiterPostgres;
  private readonly keys: RateLimitKeys;
  private readonly max: number;

  constructor(rateLimits: RateLimitsRepository, @Inject(APP_CONFIG) config: AppConfig) {
    const { respondMaxInvalidTokens, respondInvalidTokenWindowSeconds } = config.ingestion;
    this.max = respondMaxInvalidTokens;
    this.failures = rateLimits.limiter({
      keyPrefix: RespondThrottle.PREFIX,
      points: respondMaxInvalidTokens,
      duration: respondInvalidTokenWindowSeconds,
    });
    this.keys = new RateLimitKeys(config.secrets.blindIndexKey);
  }

  /**
   * The row of rate_limits that counts this address's failures (the limiter's own key format,
   * `<prefix>:<key>`), so the token lookup can read it in the same query instead of a second
   * round trip on another connection.
   */
  storageKey(ip: string): string {
    return `${RespondThrottle.PREFIX}:${this.keys.key('ip', ip)}`;
  }

  /** Refuses an address whose live failure count (read with its token) has reached the limit. */
  refuseIfSpent(failures: number | null, expiresAt: string | number | null): void {
    if (failures !== null && failures >= this.max) {
      const msBeforeNext = expiresAt === null ? 1000 : Math.max(Number(expiresAt) - Date.now(), 0);
      throw tooManyAttempts(msBeforeNext, TOO_MANY_INVALID);
    }
  }

  /** Refuses an address that has spent its budget of unknown tokens, before any token is looked up. */
  async admit(ip: string): Promise<void> {
    const state = await this.failures.get(this.keys.key('ip', ip));
    if (state) this.refuseIfSpent(state.consumedPoints, Date.now() + state.msBeforeNext);
  }

  /**
   * Counts an unknown or malformed token against the address; the failure that goes past the
   * budget is already answered 429, so the answer to the last guesses tells nothing.
   */
  async failed(ip: string): Promise<void> {
    const state = await this.failures.penalty(this.keys.key('ip', ip), 1);
    if (state.consumedPoints > this.max) throw tooManyAttempts(state.msBeforeNext, TOO_MANY_INVALID);
  }
}

const TOO_MANY_INVALID = 'Too many invalid survey links from this address; try again later.';

/**
 * Per-key request budget on the provider routes: `PROVIDER_REQUESTS_PER_MINUTE` per key and
 * per route family (writing and reading are counted apart). Runs after the AccessGuard, which
 * has authenticated the key.
 */
abstract class ProviderRateLimit implements CanActivate {
  private readonly limiter: RateLimiterPostgres;

  constructor(rateLimits: RateLimitsRepository, config: AppConfig, family: string) {
    this.limiter = rateLimits.limiter({
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
  constructor(rateLimits: RateLimitsRepository, @Inject(APP_CONFIG) config: AppConfig) {
    super(rateLimits, config, 'write');
  }
}

@Injectable()
export class ProviderReadRateLimit extends ProviderRateLimit {
  constructor(rateLimits: RateLimitsRepository, @Inject(APP_CONFIG) config: AppConfig) {
    super(rateLimits, config, 'read');
  }
}
