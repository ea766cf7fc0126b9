import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_METADATA } from './public.decorator';

/**
 * Deny by default: a route is reachable only if it declares its access. Until staff and API-key
 * authentication land, the only declaration there is is @Public().
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<string | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'public') return true;
    throw new ForbiddenException('This route declares no access rule, so nobody may call it.');
  }
}
