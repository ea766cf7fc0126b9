import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PurgeBatchResult, RetentionRegistry, RetentionTarget } from '../retention/retention-registry';
import { MailOutboxRepository } from './mail.repository';

/**
 * Outbox rows: a sent, failed or cancelled message keeps no content, only who it was for and
 * what became of it; a row of any status is deleted once the longest retention period (in months) has passed since it was queued (and
 * earlier with its invitation or its recipient).
 */
@Injectable()
export class MailOutboxRetention implements RetentionTarget, OnModuleInit {
  readonly kind = 'mail_outbox';
  readonly rule =
    'An outbox message is deleted once the longest retention period (in months) has passed since it was queued, or with its invitation or contact.';

  constructor(
    private readonly outbox: MailOutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: RetentionRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  countDue(at: Date): Promise<number> {
    return this.outbox.countExpired(at, this.config.privacy.retentionMonths);
  }

  purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.outbox.deleteExpired(at, this.config.privacy.retentionMonths, limit);
  }
}
