import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Type as ClassType } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ACCESS_METADATA, type AccessRule } from '../auth/access.decorator';
import { ValidationProblemException } from './problem';
import { API_PREFIX } from './security-headers';

/**
 * A class-transformer transform for whole-number query parameters: only plain decimal digits
 * count. Anything else (`''`, `1e17`, `0x10`, ` 5`, a repeated parameter) becomes NaN, which the
 * number validators refuse, instead of Number()'s guesses (`''` is 0, `1e17` is a page).
 */
export function integerParam({ value }: { value: unknown }): unknown {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return Number.NaN;
}

/** A class-transformer transform for date-time query parameters: ISO 8601, years 1000 to 9999. */
export function dateTimeParam({ value }: { value: unknown }): unknown {
  if (value instanceof Date) return value;
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/.test(value)
  ) {
    const date = new Date(value);
    if (date.getUTCFullYear() >= 1000 && date.getUTCFullYear() <= 9999) return date;
  }
  return new Date(Number.NaN);
}

/** A class-transformer transform for a comma-separated or repeated query parameter, as a list. */
export function listParam({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
}

type Handler = (...args: unknown[]) => unknown;

interface RouteArgument {
  index: number;
  data?: unknown;
}

/** The query parameter names a class of query DTO validates (its own and inherited properties). */
function dtoProperties(dto: ClassType): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .map((metadata) => metadata.propertyName);
}

/**
 * Refuses query parameters a route does not take, with a 400 naming each one, before any pipe
 * runs: routes without a query DTO would otherwise ignore them silently, and a name that clashes
 * with a DTO member (`offset`) would otherwise crash class-transformer.
 */
@Injectable()
export class UnknownQueryParametersInterceptor implements NestInterceptor {
  private readonly known = new WeakMap<Handler, ReadonlySet<string>>();

  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.getType() === 'http' ? context.switchToHttp().getRequest<Request>() : undefined;
    // Health probes (outside the API prefix) ignore their query string, as load balancers expect.
    if (req && req.path.startsWith(`/${API_PREFIX}/`)) {
      const allowed = this.allowedFor(context);
      const unknown = Object.keys(req.query ?? {}).filter((name) => !allowed.has(name));
      if (unknown.length > 0) {
        throw new ValidationProblemException(
          unknown.slice(0, 20).map((name) => ({ field: name, message: `${name} is not a parameter of this route` })),
        );
      }
    }
    return next.handle();
  }

  private allowedFor(context: ExecutionContext): ReadonlySet<string> {
    const handler = context.getHandler() as Handler;
    const cached = this.known.get(handler);
    if (cached) return cached;
    const controller = context.getClass();
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<
      string,
      RouteArgument
    >;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handler.name) ?? []) as ClassType[];
    const names = new Set<string>();
    for (const [key, argument] of Object.entries(args)) {
      if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
      if (typeof argument.data === 'string') names.add(argument.data);
      else if (types[argument.index]) dtoProperties(types[argument.index]).forEach((name) => names.add(name));
    }
    // Routes that read personal data take the stated purpose as a parameter too (AccessGuard).
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, controller]);
    if (rule?.personalData) names.add('purpose');
    this.known.set(handler, names);
    return names;
  }
}
