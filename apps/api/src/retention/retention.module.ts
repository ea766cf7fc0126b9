import { Module, OnModuleInit } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionRegistry } from './retention-registry';
import { RetentionScheduler } from './retention.scheduler';
import { RetentionService } from './retention.service';
import { AuditEventsRetention } from './targets/audit-events.target';
import { MailOutboxRetention } from './targets/mail-outbox.target';

/**
 * Retention (P8): the policy, the preview, the run and its receipts, the daily job, and the
 * targets for the records of the core modules (the audit log last). Other modules register
 * their own targets (the ingestion module's responses before the invitations they hold, so
 * that those can go in the same run).
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [RetentionController],
  providers: [
    RetentionService,
    RetentionScheduler,
    RetentionRepository,
    MailOutboxRetention,
    AuditEventsRetention,
  ],
  exports: [RetentionService],
})
export class RetentionModule implements OnModuleInit {
  constructor(
    private readonly registry: RetentionRegistry,
    private readonly mail: MailOutboxRetention,
    private readonly audit: AuditEventsRetention,
  ) {}

  onModuleInit(): void {
    for (const target of [this.mail, this.audit]) {
      this.registry.register(target);
    }
  }
}
