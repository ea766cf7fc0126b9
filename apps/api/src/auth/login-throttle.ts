import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { consumeOrRefuse, postgresLimiter, RateLimitKeys, tooManyAttempts } from '../common/rate-limits';
import { APP_CONFIG, AppConfig } from '../config/app-config';

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
  private readonly keys: RateLimitKeys;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { loginIpMaxAttempts, loginMaxFailures, loginLockSeconds } = config.auth;
    this.perIp = postgresLimiter(dataSource, {
      keyPrefix: 'login-ip',
      points: loginIpMaxAttempts,
      duration: loginLockSeconds,
    });
    this.perAccount = postgresLimiter(dataSource, {
      keyPrefix: 'login-account',
      points: loginMaxFailures,
      duration: loginLockSeconds,
    });
    this.keys = new RateLimitKeys(config.secrets.blindIndexKey);
  }

  private key(kind: string, value: string): string {
    return this.keys.key(kind, value);
  }

  /** Spends one of the IP's attempts and refuses a locked account name, before any password check. */
  async admit(email: string, ip: string): Promise<void> {
    await consumeOrRefuse(
      this.perIp,
      this.key('ip', ip),
      'Too many login attempts from this address; try again later.',
    );
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
