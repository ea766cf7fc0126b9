import { HttpStatus } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { type RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { ProblemException } from './problem';
import { ProblemType } from './problem-types';

export { RATE_LIMITS_TABLE, RateLimitsRepository } from './rate-limits.repository';

/** 429 with Retry-After in whole seconds (at least one). */
export function tooManyAttempts(msBeforeNext: number, detail: string): ProblemException {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, detail, {
    type: ProblemType.TooManyAttempts,
    headers: { 'Retry-After': String(seconds) },
  });
}

/** Turns what is counted (an IP address, an account name) into an opaque key. */
export class RateLimitKeys {
  private readonly hmacKey: Buffer;

  constructor(secret: Buffer) {
    this.hmacKey = createHmac('sha256', secret).update('rate-limit-keys').digest();
  }

  key(kind: string, value: string): string {
    return createHmac('sha256', this.hmacKey).update(`${kind}:${value}`).digest('base64url');
  }
}

/** Spends one point, or throws the 429 (with Retry-After) that says the budget is spent. */
export async function consumeOrRefuse(limiter: RateLimiterPostgres, key: string, detail: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw tooManyAttempts(rejection.msBeforeNext, detail);
    throw rejection;
  }
}
