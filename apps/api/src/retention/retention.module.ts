import { Module, OnModuleInit } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RetentionController } from './retention.controller';
import { RetentionRegistry } from './retention-registry';
import { RetentionScheduler } from './retention.scheduler';
import { RetentionService } from './retention.service';
import { ContactsRetention } from './targets/contacts.target';
import { DraftsRetention } from './targets/drafts.target';
import { IdempotencyKeysRetention } from './targets/idempotency-keys.target';
import { InvitationsRetention } from './targets/invitations.target';
import { ResponseLinksRetention } from './targets/response-links.target';
import { ResponsesRetention } from './targets/responses.target';

/**
 * Retention (P8): the policy, the preview, the run and its receipts, the daily job, and the
 * targets for the records of the core modules. Other modules register their own targets; the
 * registry fixes the order a run purges them in (responses first, so that invitations they hold
 * can go in the same run; the audit log last).
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [RetentionController],
  providers: [
    RetentionService,
    RetentionScheduler,
    ResponsesRetention,
    ResponseLinksRetention,
    DraftsRetention,
    InvitationsRetention,
    ContactsRetention,
    IdempotencyKeysRetention,
  ],
  exports: [RetentionService],
})
export class RetentionModule implements OnModuleInit {
  constructor(
    private readonly registry: RetentionRegistry,
    private readonly responses: ResponsesRetention,
    private readonly links: ResponseLinksRetention,
    private readonly drafts: DraftsRetention,
    private readonly invitations: InvitationsRetention,
    private readonly contacts: ContactsRetention,
    private readonly idempotencyKeys: IdempotencyKeysRetention,
  ) {}

  onModuleInit(): void {
    for (const target of [
      this.responses,
      this.links,
      this.drafts,
      this.invitations,
      this.contacts,
      this.idempotencyKeys,
    ]) {
      this.registry.register(target);
    }
  }
}
