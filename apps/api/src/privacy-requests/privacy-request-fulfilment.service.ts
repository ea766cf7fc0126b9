import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { newOpaqueToken, sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { invalidField, ValidationProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContactsService } from '../contacts/contacts.service';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { ACCESS_PACKAGE_FORMAT, AccessPackage } from './access-package';
import { addDays } from './due-dates';
import { PersonalDataInventory, packageLanguage } from './personal-data-inventory';
import { ACCESS_PACKAGE_CONTEXT } from './privacy-request-crypto';
import { PrivacyRequestDownloadsRepository } from './privacy-request-downloads.repository';
import { requireOpen, wrongState } from './privacy-request-errors';
import { PrivacyRequestMailer } from './privacy-request-mailer';
import { PrivacyMail } from './privacy-request-mails';
import { iso, PrivacyRequestViews } from './privacy-request-views';
import { PrivacyRequest, PrivacyRequestStatus, ProviderNoticeAction } from './privacy-request.entity';
import { FulfilPrivacyRequestDto, PrivacyRequestDto } from './privacy-requests.dto';
import { PrivacyRequestsRepository } from './privacy-requests.repository';
import { ProviderErasuresService } from './provider-erasures.service';

export const DOWNLOAD_PATH = '/r/download';

type Outcome = Record<string, number | string | string[]>;

/** What one kind of request did, and what the closing mail adds to say so. */
interface Execution {
  outcome: Outcome;
  mail?: Pick<Extract<PrivacyMail, { kind: 'completed' }>, 'download'>;
}

/**
 * Does what a request asks (P7), in one transaction with its answer to the person: the access
 * package and its download link, the rectification, the erasure or the objection. Each is
 * audited with counts and field names only; the provider is told of erasures and rectifications.
 */
@Injectable()
export class PrivacyRequestFulfilmentService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly requests: PrivacyRequestsRepository,
    private readonly downloads: PrivacyRequestDownloadsRepository,
    private readonly keystore: KeystoreService,
    private readonly audit: AuditService,
    private readonly inventory: PersonalDataInventory,
    private readonly contacts: ContactsService,
    private readonly notices: ProviderErasuresService,
    private readonly mailer: PrivacyRequestMailer,
    private readonly views: PrivacyRequestViews,
  ) {}

  async fulfil(id: string, dto: FulfilPrivacyRequestDto): Promise<PrivacyRequestDto> {
    const { request, key } = await this.transactions.run(async (tx) => {
      const request = requireOpen(await this.requests.findById(id, true, tx), 'fulfilled');
      if (request.type === 'rectification' && !dto.changes) {
        throw invalidField('changes', 'changes (the corrected contact fields) are required for a rectification');
      }
      if (request.type !== 'rectification' && dto.changes) {
        throw invalidField('changes', 'changes are only for rectification requests');
      }
      const key = await this.keystore.keyFor(request.id, tx);
      const email = this.mailer.emailOf(request, key);
      const contactId = request.emailIndex ? await this.inventory.contactIdFor(tx, request.emailIndex) : null;
      const now = this.clock.now();
      const done = await this.execute(tx, request, contactId, dto, now);
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
          resourceId: id,
          details: { type: request.type, knownContact: contactId !== null, ...outcome },
        },
        tx,
      );
      return { request, key };
    });
    return this.views.toDto(request, key);
  }

  private execute(
    tx: EntityManager,
    request: PrivacyRequest,
    contactId: string | null,
    dto: FulfilPrivacyRequestDto,
    now: Date,
  ): Promise<Execution> {
    switch (request.type) {
      case 'access':
        return this.prepareDownload(tx, request, contactId, now);
      case 'rectification':
        return this.rectify(tx, contactId, dto.changes!, now);
      case 'erasure':
        return this.erase(tx, contactId);
      case 'objection':
        return this.object(tx, contactId, now);
    }
  }

  /** Builds the access package now, and stores it under a key of its own behind a new link. */
  private async prepareDownload(
    tx: EntityManager,
    request: PrivacyRequest,
    contactId: string | null,
    now: Date,
  ): Promise<Execution> {
    const language = packageLanguage(request.language);
    const collected = await this.inventory.collect(tx, contactId, request.emailIndex!, language);
    const pkg: AccessPackage = {
      format: ACCESS_PACKAGE_FORMAT,
      generatedAt: now.toISOString(),
      language,
      controller: {
        organisation: this.config.privacy.organisationName,
        privacyContact: this.config.privacy.contactEmail,
      },
      request: {
        id: request.id,
        type: request.type,
        receivedAt: request.receivedAt.toISOString(),
        verifiedAt: iso(request.verifiedAt),
      },
      ...collected,
      retention: { months: this.config.privacy.retentionMonths },
    };
    const downloadId = randomUUID();
    const token = newOpaqueToken('', 32);
    const expiresAt = addDays(now, this.config.privacyRequests.downloadDays);
    const key = (await this.keystore.create([downloadId], tx)).get(downloadId)!;
    await this.downloads.insert(
      {
        id: downloadId,
        requestId: request.id,
        contactId: pkg.contact ? contactId : null,
        tokenHash: sha256(token),
        packageCiphertext: this.keystore.crypto.encryptJson(key, pkg, ACCESS_PACKAGE_CONTEXT),
        expiresAt,
      },
      tx,
    );
    return {
      mail: { download: { url: `${this.config.publicUrl}${DOWNLOAD_PATH}#${token}`, expiresAt } },
      outcome: {
        contacts: pkg.contact ? 1 : 0,
        invitations: pkg.invitations.length,
        responses: pkg.responses.length,
        privacyRequests: pkg.privacyRequests.length,
        mail: pkg.mail.length,
      },
    };
  }

  /** Applies the corrected contact fields, follows them in the response snapshots, tells the provider. */
  private async rectify(
    tx: EntityManager,
    contactId: string | null,
    changes: NonNullable<FulfilPrivacyRequestDto['changes']>,
    now: Date,
  ): Promise<Execution> {
    if (!contactId) {
      throw wrongState(
        'No contact holds the address of this request, so there is nothing to rectify; reject it with the reason no-data-held.',
      );
    }
    const fields = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([field]) => field);
    await this.contacts.update(contactId, changes, tx).catch((error: unknown) => {
      // The contact's own field names, under `changes` where the caller put them.
      if (!(error instanceof ValidationProblemException)) throw error;
      throw new ValidationProblemException(
        error.fieldErrors.map((e) => ({ field: `changes.${e.field}`, message: e.message })),
      );
    });
    const responses = await this.inventory.rectifyResponses(tx, contactId, now);
    const notices = await this.notices.notify(
      tx,
      await this.inventory.surveysOf(tx, contactId),
      ProviderNoticeAction.Rectify,
    );
    return { outcome: { fields, responsesUpdated: responses, providerNotices: notices } };
  }

  private async erase(tx: EntityManager, contactId: string | null): Promise<Execution> {
    if (!contactId) {
      return { outcome: { contacts: 0, invitations: 0, responses: 0, accessPackages: 0, mail: 0, providerNotices: 0 } };
    }
    const erased = await this.inventory.erase(tx, contactId);
    const notices = await this.notices.notify(tx, erased.surveys, ProviderNoticeAction.Erase);
    return {
      outcome: {
        contacts: 1,
        invitations: erased.invitations,
        responses: erased.responses,
        accessPackages: erased.downloads,
        mail: erased.mail,
        providerNotices: notices,
      },
    };
  }

  private async object(tx: EntityManager, contactId: string | null, now: Date): Promise<Execution> {
    const objected = contactId ? await this.inventory.object(tx, contactId, now) : null;
    return { outcome: { invitationsOptedOut: objected?.invitations ?? 0, mailCancelled: objected?.mail ?? 0 } };
  }
}
