import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { concatMap, from, map, Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { currentRequestContext } from '../common/request-context';
import { ACCESS_METADATA, AccessRule } from './access.decorator';

/**
 * Audits every successful call of a personal-data route, with the purpose the guard checked,
 * before the answer is sent: if the event cannot be written, the data does not leave.
 */
@Injectable()
export class PersonalDataAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    const personalData = rule?.personalData;
    if (!personalData) return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const resourceId = personalData.idParam ? String(req.params[personalData.idParam] ?? '') || null : null;
    const verb = req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write';
    return next.handle().pipe(
      concatMap((body: unknown) =>
        from(
          this.audit.record({
            action: personalData.action ?? `${personalData.resource}.${verb}`,
            resourceType: personalData.resource,
            resourceId,
            details: { ...currentRequestContext()?.auditDetails, method: req.method },
          }),
        ).pipe(map(() => body)),
      ),
    );
  }
}
