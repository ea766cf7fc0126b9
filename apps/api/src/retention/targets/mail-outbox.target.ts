import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { PurgeBatchResult, RetentionTarget } from '../retention-registry';
import { expiredSql } from '../expiry';

const DUE = expiredSql('created_at', '$2', '$1');

/**
 * Outbox rows: a sent, failed or cancelled message keeps no content, only who it was for and
 * what became of it; a row of any status is deleted RETENTION_MONTHS after it was queued (and
 * earlier with its invitation or its recipient).
 */
@Injectable()
export class MailOutboxRetention implements RetentionTarget {
  readonly kind = 'mail_outbox';
  readonly rule =
    'An outbox message is deleted RETENTION_MONTHS after it was queued, or with its invitation or contact.';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async countDue(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE ${DUE}`,
      [at, this.config.privacy.retentionMonths],
    );
    return row.n;
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM mail_outbox WHERE id IN (
         SELECT id FROM mail_outbox WHERE ${DUE} ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
      [at, this.config.privacy.retentionMonths, limit],
    )) as [unknown, number];
    return deleted;
  }
}
