import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';

/** A mail kind as a label: the code's own names (invitation, reminder, verification, …) only. */
function kindLabel(kind: string): string {
  return /^[a-z][a-z0-9_-]{0,39}$/.test(kind) ? kind : 'other';
}

/** Messages handed to the transport, and attempts that failed, by mail kind. */
@Injectable()
export class MailMetrics {
  private readonly sent: Counter<'kind'>;
  private readonly failed: Counter<'kind' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.sent = metrics.counter('survey_mail_sent_total', 'Mail messages sent (handed to SMTP or written as .eml)', [
      'kind',
    ]);
    this.failed = metrics.counter(
      'survey_mail_failed_total',
      'Mail sending attempts that did not send: retry (deferred), failed (for good), cancelled (key shredded)',
      ['kind', 'outcome'],
    );
  }

  /** Counts one recorded verdict of the sender. */
  count(kind: string, status: 'sent' | 'retry' | 'failed' | 'cancelled'): void {
    if (status === 'sent') this.sent.inc({ kind: kindLabel(kind) });
    else this.failed.inc({ kind: kindLabel(kind), outcome: status });
  }
}
