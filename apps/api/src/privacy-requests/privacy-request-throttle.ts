import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { consumeOrRefuse, RateLimitKeys, RateLimitsRepository, tooManyAttempts } from '../common/rate-limits';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const TOKEN_WINDOW_SECONDS = 15 * 60;

/**
 * The public privacy-request routes' budgets, counted in PostgreSQL under HMAC keys (no address
 * in clear): requests filed per IP address per hour and per e-mail address per day (the same
 * whether or not the address is known, so the limit tells nothing about who we hold), and unknown
 * verification or download tokens per IP address per 15 minutes.
 */
@Injectable()
export class PrivacyRequestThrottle {
  private readonly perIp: RateLimiterPostgres;
  private readonly perEmail: RateLimiterPostgres;
  private readonly tokenFailures: RateLimiterPostgres;
  private readonly keys: RateLimitKeys;
  private readonly maxTokenFailures: number;

  constructor(rateLimits: RateLimitsRepository, @Inject(APP_CONFIG) config: AppConfig) {
    const limits = config.privacyRequests;
    this.perIp = rateLimits.limiter({
      keyPrefix: 'privacy-request-ip',
      points: limits.perIpPerHour,
      duration: 3600,
    });
    this.perEmail = rateLimits.limiter({
      keyPrefix: 'privacy-request-email',
      points: limits.perEmailPerDay,
      duration: 86400,
    });
    this.maxTokenFailures = limits.tokenMaxFailures;
    this.tokenFailures = rateLimits.limiter({
      keyPrefix: 'privacy-token-invalid',
      points: limits.tokenMaxFailures,
      duration: TOKEN_WINDOW_SECONDS,
    });
    this.keys = new RateLimitKeys(config.secrets.blindIndexKey);
  }

  /** Spends one request from the address's and the e-mail address's budgets, or answers 429. */
  async intake(ip: string, email: string): Promise<void> {
    await consumeOrRefuse(
      this.perIp,
      this.keys.key('ip', ip),
      'Too many privacy requests from this address; try again later.',
    );
    await consumeOrRefuse(
      this.perEmail,
      this.keys.key('email', email),
      'Too many privacy requests for this e-mail address today; try again tomorrow or write to us.',
    );
  }

  /** Refuses an address that has presented too many unknown tokens, before any lookup. */
  async admit(ip: string): Promise<void> {
    const state = await this.tokenFailures.get(this.keys.key('ip', ip));
    if (state && state.consumedPoints >= this.maxTokenFailures) throw tooManyAttempts(state.msBeforeNext, TOO_MANY);
  }

  /** Counts an unknown or expired token against the address. */
  async failed(ip: string): Promise<void> {
    const state = await this.tokenFailures.penalty(this.keys.key('ip', ip), 1);
    if (state.consumedPoints > this.maxTokenFailures) throw tooManyAttempts(state.msBeforeNext, TOO_MANY);
  }
}

const TOO_MANY = 'Too many invalid links from this address; try again later.';
