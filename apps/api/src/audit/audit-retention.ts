import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PurgeBatchResult, RetentionRegistry, RetentionTarget } from '../retention/retention-registry';
import { AuditService } from './audit.service';

/**
 * Audit events older than RETENTION_MONTHS are cut from the start of the chain, behind a signed
 * checkpoint of the last event cut, so `GET /audit-events/verify` still verifies what remains.
 */
@Injectable()
export class AuditEventsRetention implements RetentionTarget, OnModuleInit {
  readonly kind = 'audit_events';
  readonly rule =
    'Audit events are cut from the start of the chain after the longest retention period (in months) has passed since they occurred, behind a signed checkpoint from which the chain still verifies.';

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: RetentionRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  countDue(at: Date): Promise<number> {
    return this.audit.countExpired(at, this.config.privacy.retentionMonths);
  }

  purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.audit.cutExpired(at, this.config.privacy.retentionMonths, limit);
  }
}
