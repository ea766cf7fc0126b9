import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { consumeOrRefuse, RateLimitKeys, RateLimitsRepository, tooManyAttempts } from '../common/rate-limits';
import { ProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** What `admit` found: whether the name is locked, and whether second-factor checks are. */
export interface LoginGate {
  /** The 429 every refusal gets while the name is locked; null when it is not. */
  nameLock: ProblemException | null;
  /** Too many wrong codes after the right password: codes are not even checked. */
  secondFactorLocked: boolean;
}

/**
 * Login throttling kept in PostgreSQL, so every replica sees the same counters: each IP address
 * has a budget of attempts, and each account name is locked after repeated failures. Account
 * names are counted whether or not such an account exists, so a lock reveals nothing; both keys
 * are HMACs, so the table holds neither e-mail addresses nor IP addresses.
 *
 * The name lock stops password guessing, but anyone can trip it. So a login that proves the
 * second factor (right password and a valid code) passes it: failures made by others cannot keep
 * out an account that has one. Wrong codes after the right password are counted on a counter of
 * their own, which only someone who knows the password can move; once it is spent, codes are no
 * longer checked until it expires, so the lock does not open a way to guess codes.
 */
@Injectable()
export class LoginThrottle {
  private readonly perIp: RateLimiterPostgres;
  private readonly perAccount: RateLimiterPostgres;
  private readonly perSecondFactor: RateLimiterPostgres;
  private readonly keys: RateLimitKeys;

  constructor(
    rateLimits: RateLimitsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { loginIpMaxAttempts, loginMaxFailures, loginLockSeconds } = config.auth;
    this.perIp = rateLimits.limiter({
      keyPrefix: 'login-ip',
      points: loginIpMaxAttempts,
      duration: loginLockSeconds,
    });
    this.perAccount = rateLimits.limiter({
      keyPrefix: 'login-account',
      points: loginMaxFailures,
      duration: loginLockSeconds,
    });
    this.perSecondFactor = rateLimits.limiter({
      keyPrefix: 'login-second-factor',
      points: loginMaxFailures,
      duration: loginLockSeconds,
    });
    this.keys = new RateLimitKeys(config.secrets.blindIndexKey);
  }

  private key(kind: string, value: string): string {
    return this.keys.key(kind, value);
  }

  /**
   * Spends one of the IP's attempts, before any password check. A locked account name is refused
   * at once unless the attempt carries a second factor, which only a full check can judge.
   */
  async admit(email: string, ip: string, secondFactorGiven: boolean): Promise<LoginGate> {
    await consumeOrRefuse(
      this.perIp,
      this.key('ip', ip),
      'Too many login attempts from this address; try again later.',
    );
    const account = await this.perAccount.get(this.key('account', email));
    const nameLock =
      account && account.consumedPoints >= this.config.auth.loginMaxFailures
        ? tooManyAttempts(
            account.msBeforeNext,
            'Too many failed attempts for this account name; it is locked for a while. Try again later; ' +
              'an account with a second factor can still sign in with its one-time or recovery code.',
          )
        : null;
    if (nameLock && !secondFactorGiven) throw nameLock;
    if (!secondFactorGiven) return { nameLock, secondFactorLocked: false };
    const codes = await this.perSecondFactor.get(this.key('second-factor', email));
    return {
      nameLock,
      secondFactorLocked: codes !== null && codes.consumedPoints >= this.config.auth.loginMaxFailures,
    };
  }

  /**
   * Counts a refused login: on the name (the last allowed failure locks it for the full period),
   * unless it is locked already; and, when a code came with it, on the second-factor counter,
   * by one when the code itself was wrong after the right password, by nothing otherwise. The
   * same statements run either way, so timing does not tell a right password from a wrong one.
   */
  async failed(
    email: string,
    { gate, secondFactorGiven, wrongCode }: { gate: LoginGate; secondFactorGiven: boolean; wrongCode: boolean },
  ): Promise<void> {
    if (!gate.nameLock) await this.penalise(this.perAccount, this.key('account', email), 1);
    if (secondFactorGiven) {
      await this.penalise(this.perSecondFactor, this.key('second-factor', email), wrongCode ? 1 : 0);
    }
  }

  private async penalise(limiter: RateLimiterPostgres, key: string, points: number): Promise<void> {
    const result = await limiter.penalty(key, points);
    if (points > 0 && result.consumedPoints >= this.config.auth.loginMaxFailures) {
      await limiter.block(key, this.config.auth.loginLockSeconds);
    }
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(this.key('account', email));
    await this.perSecondFactor.delete(this.key('second-factor', email));
  }
}
