import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { conflict } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { PRIVACY_MAIL_KIND, PRIVACY_REQUEST_EMAIL_CONTEXT } from './privacy-request-crypto';
import { PrivacyMail, renderPrivacyMail } from './privacy-request-mails';
import { PrivacyRequest } from './privacy-request.entity';
import { PrivacyRequestsRepository } from './privacy-requests.repository';

/**
 * The mail of the workflow, and what follows it: once the person has been told (the closing mail
 * is sent, bounced or failed for good), the request keeps no trace of who they are.
 */
@Injectable()
export class PrivacyRequestMailer implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly requests: PrivacyRequestsRepository,
  ) {}

  onModuleInit(): void {
    this.outbox.onOutcome(async (outcome, tx) => {
      if (outcome.kind !== PRIVACY_MAIL_KIND.completed && outcome.kind !== PRIVACY_MAIL_KIND.rejected) return;
      await this.removePersonalData(tx, await this.requests.lockClosedByMail(outcome.messageId, tx));
    });
  }

  /** Queues the mail to the person, in their language, inside the step's transaction; returns its id. */
  send(tx: EntityManager, request: PrivacyRequest, to: string, mail: PrivacyMail): Promise<string[]> {
    const rendered = renderPrivacyMail({
      language: request.language,
      type: request.type,
      organisationName: this.config.privacy.organisationName,
      contactEmail: this.config.privacy.contactEmail,
      receivedAt: request.receivedAt,
      mail,
    });
    return this.outbox.enqueue(tx, [
      {
        subjectId: request.id,
        kind: PRIVACY_MAIL_KIND[mail.kind],
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
      },
    ]);
  }

  /** The address the request came from, while the request still holds it. */
  emailOf(request: PrivacyRequest, key: SubjectKey): string {
    if (!request.emailCiphertext) throw conflict('This request no longer holds an e-mail address.');
    return this.keystore.crypto.decrypt(key, request.emailCiphertext, PRIVACY_REQUEST_EMAIL_CONTEXT);
  }

  /**
   * Shreds the requests' keys and empties every column that could say who asked: what remains
   * is the type, the dates, the outcome counts and the reason code. Returns how many changed.
   */
  async removePersonalData(tx: EntityManager, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    await this.keystore.shred(ids, tx);
    const changed = await this.requests.removePersonalData(ids, this.clock.now(), tx);
    // What is still queued for them cannot be sent any more (its key is gone).
    await this.outbox.deleteQueuedForSubjects(tx, ids);
    return changed;
  }
}
