import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const RATE_LIMITS_TABLE = 'rate_limits';
export const TOO_MANY_ATTEMPTS_TYPE = 'urn:survey:problem:too-many-attempts';

export function tooManyAttempts(msBeforeNext: number, detail: string): ProblemException {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, detail, {
    type: TOO_MANY_ATTEMPTS_TYPE,
    headers: { 'Retry-After': String(seconds) },
  });
}

/**
 * Login throttling kept in PostgreSQL, so every replica sees the same counters: each IP address
 * has a budget of attempts, and each account name is locked after repeated failures. Account
 * names are counted whether or not such an account exists, so a lock reveals nothing; both keys
 * are HMACs, so the table holds neither e-mail addresses nor IP addresses.
 */
@Injectable()
export class LoginThrottle {
  private readonly perIp: RateLimiterPostgres;
  private readonly perAccount: RateLimiterPostgres;
  private readonly keyHmacKey: Buffer;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { loginIpMaxAttempts, loginMaxFailures, loginLockSeconds } = config.auth;
    const common = { storeClient: dataSource, storeType: 'typeorm', tableName: RATE_LIMITS_TABLE, tableCreated: true };
    this.perIp = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'login-ip',
      points: loginIpMaxAttempts,
      duration: loginLockSeconds,
    });
    this.perAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'login-account',
      points: loginMaxFailures,
      duration: loginLockSeconds,
    });
    this.keyHmacKey = createHmac('sha256', config.secrets.blindIndexKey).update('rate-limit-keys').digest();
  }

  private key(kind: string, value: string): string {
    return createHmac('sha256', this.keyHmacKey).update(`${kind}:${value}`).digest('base64url');
  }

  /** Spends one of the IP's attempts and refuses a locked account name, before any password check. */
  async admit(email: string, ip: string): Promise<void> {
    try {
      await this.perIp.consume(this.key('ip', ip));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw tooManyAttempts(rejection.msBeforeNext, 'Too many login attempts from this address; try again later.');
      }
      throw rejection;
    }
    const account = await this.perAccount.get(this.key('account', email));
    if (account && account.consumedPoints >= this.config.auth.loginMaxFailures) {
      throw tooManyAttempts(
        account.msBeforeNext,
        'Too many failed attempts for this account name; it is locked for a while. Try again later.',
      );
    }
  }

  /** Counts a failure; the last allowed one locks the account name for the full lock period. */
  async failed(email: string): Promise<void> {
    const key = this.key('account', email);
    const result = await this.perAccount.penalty(key, 1);
    if (result.consumedPoints >= this.config.auth.loginMaxFailures) {
      await this.perAccount.block(key, this.config.auth.loginLockSeconds);
    }
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(this.key('account', email));
  }
}
