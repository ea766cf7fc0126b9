import { Inject, Injectable } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { dueFlags } from './due-dates';
import {
  PRIVACY_REQUEST_DETAILS_CONTEXT,
  PRIVACY_REQUEST_EMAIL_CONTEXT,
  PRIVACY_REQUEST_EXTENSION_REASON_CONTEXT,
  PRIVACY_REQUEST_IDENTITY_NOTE_CONTEXT,
  PRIVACY_REQUEST_REJECTION_NOTE_CONTEXT,
} from './privacy-request-crypto';
import { isOpen } from './privacy-request-errors';
import { PrivacyRequest, PrivacyRequestStatus } from './privacy-request.entity';
import { PrivacyRequestDto, PrivacyRequestSummaryDto } from './privacy-requests.dto';

export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A request as the officers see it: the summary without personal values, or all of it decrypted. */
@Injectable()
export class PrivacyRequestViews {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keystore: KeystoreService,
  ) {}

  toSummary(request: PrivacyRequest, now: Date): PrivacyRequestSummaryDto {
    const flags = dueFlags(isOpen(request.status), request.dueAt, now, this.config.privacyRequests.dueSoonDays);
    return {
      id: request.id,
      type: request.type,
      status: request.status,
      channel: request.channel,
      language: request.language,
      receivedAt: request.receivedAt.toISOString(),
      verifiedAt: iso(request.verifiedAt),
      verificationExpiresAt:
        request.status === PrivacyRequestStatus.Received ? iso(request.verificationExpiresAt) : null,
      // A request just created and saved lacks the columns it left to their defaults: say null.
      identityVerification: request.identityVerification ?? null,
      dueAt: iso(request.dueAt),
      extendedAt: iso(request.extendedAt),
      startedAt: iso(request.startedAt),
      closedAt: iso(request.closedAt),
      ...flags,
      knownContact: (request.contactId ?? null) !== null,
      rejectionReason: request.rejectionReason ?? null,
      outcome: request.outcome ?? null,
      personalDataRemoved: (request.personalDataRemovedAt ?? null) !== null,
    };
  }

  /** With the personal fields, decrypted while the request's key is held. */
  toDto(request: PrivacyRequest, key: SubjectKey | null): PrivacyRequestDto {
    const open = (ciphertext: Buffer | null, context: string) =>
      key && ciphertext ? this.keystore.crypto.decrypt(key, ciphertext, context) : null;
    return {
      ...this.toSummary(request, this.clock.now()),
      email: open(request.emailCiphertext, PRIVACY_REQUEST_EMAIL_CONTEXT),
      details: open(request.detailsCiphertext, PRIVACY_REQUEST_DETAILS_CONTEXT),
      contactId: request.contactId ?? null,
      identityNote: open(request.identityNoteCiphertext, PRIVACY_REQUEST_IDENTITY_NOTE_CONTEXT),
      extensionReason: open(request.extensionReasonCiphertext, PRIVACY_REQUEST_EXTENSION_REASON_CONTEXT),
      rejectionNote: open(request.rejectionNoteCiphertext, PRIVACY_REQUEST_REJECTION_NOTE_CONTEXT),
    };
  }
}
