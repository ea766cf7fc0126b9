import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { defer, finalize, from, mergeMap, Observable } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import { Bulkhead } from './bulkhead';
import { ApiProblemResponses } from './problem';
import type { Principal } from './request-context';

export const HEAVY_WORK_METADATA = 'survey:heavy-work';

/** Staff heavy work and providers' heavy work never wait for each other. */
export const STAFF_LANE = 'staff';
export const PROVIDER_LANE = 'provider';

/**
 * Marks a route whose work holds database connections or the CPU for long (statistics, report
 * snapshots and exports, raw response exports, imports, access packages): it runs in the
 * caller's lane of the Bulkhead, so one account cannot take the pool from everyone else.
 * Excess calls wait in a bounded queue or get 429/503 with Retry-After.
 */
export function HeavyWork(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(HEAVY_WORK_METADATA, true), ApiProblemResponses(429, 503));
}

export function bulkheadFromConfig(config: AppConfig): Bulkhead {
  const { staffConcurrency, providerConcurrency, perCaller, queueSize, queuePerCaller, queueTimeoutMs } =
    config.heavyWork;
  const common = { perCaller, queueSize, queuePerCaller, queueTimeoutMs };
  return new Bulkhead({
    [STAFF_LANE]: { concurrency: staffConcurrency, ...common },
    [PROVIDER_LANE]: { concurrency: providerConcurrency, ...common },
  });
}

function laneOf(principal: Principal): { lane: string; caller: string } {
  return principal.kind === 'staff'
    ? { lane: STAFF_LANE, caller: principal.userId }
    : { lane: PROVIDER_LANE, caller: principal.keyId };
}

/**
 * Holds a bulkhead slot from before the handler runs until its answer has been produced
 * (streamed answers included: handlers that write the response themselves resolve after it).
 * Runs after the access guard, which names the caller.
 */
@Injectable()
export class HeavyWorkInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(Bulkhead) private readonly bulkhead: Bulkhead,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const heavy = this.reflector.getAllAndOverride<boolean | undefined>(HEAVY_WORK_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (!heavy || !req.principal) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const { lane, caller } = laneOf(req.principal);
    return defer(() => {
      const gone = new AbortController();
      const onClose = (): void => gone.abort();
      res.once('close', onClose);
      return from(this.bulkhead.acquire(lane, caller, gone.signal)).pipe(
        mergeMap((release) => next.handle().pipe(finalize(release))),
        finalize(() => res.off('close', onClose)),
      );
    });
  }
}
