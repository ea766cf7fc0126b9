import { Injectable } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { PrivacyRequestMailer } from './privacy-request-mailer';
import { PrivacyMail } from './privacy-request-mails';
import { PrivacyRequest, PrivacyRequestStatus } from './privacy-request.entity';
import { PrivacyRequestsRepository } from './privacy-requests.repository';

export type Outcome = Record<string, number | string | string[]>;

/** What one kind of request did, and what the closing mail adds to say so. */
export interface Execution {
  outcome: Outcome;
  mail?: Pick<Extract<PrivacyMail, { kind: 'completed' }>, 'download'>;
}

/**
 * Completes a request once what it asked is done, in the transaction that did it: the answer to
 * the person is queued, the request closed with its outcome (counts and names, never values),
 * and `privacy_request.completed` audited.
 */
@Injectable()
export class PrivacyRequestCloser {
  constructor(
    private readonly requests: PrivacyRequestsRepository,
    private readonly mailer: PrivacyRequestMailer,
    private readonly audit: AuditService,
    private readonly webhooks: WebhooksService,
  ) {}

  async complete(
    tx: EntityManager,
    request: PrivacyRequest,
    key: SubjectKey,
    contactId: string | null,
    done: Execution,
    now: Date,
  ): Promise<void> {
    const email = this.mailer.emailOf(request, key);
    const outcome = done.outcome;
    Object.assign(request, {
      status: PrivacyRequestStatus.Completed,
      startedAt: request.startedAt ?? now,
      closedAt: now,
      outcome,
      contactId: request.type === 'erasure' ? null : contactId,
    });
    const mail: PrivacyMail = { kind: 'completed', nothingHeld: contactId === null, ...done.mail };
    const [mailId] = await this.mailer.send(tx, request, email, mail);
    request.closingMailId = mailId;
    await this.requests.save(request, tx);
    await this.audit.record(
      {
        action: 'privacy_request.completed',
        resourceType: 'privacy_request',
        resourceId: request.id,
        details: { type: request.type, knownContact: contactId !== null, ...outcome },
      },
      tx,
    );
    // Ids and the kind only: the person is never named.
    await this.webhooks.privacyRequestCompleted(tx, {
      privacyRequestId: request.id,
      kind: request.type,
      completedAt: now.toISOString(),
    });
  }
}
