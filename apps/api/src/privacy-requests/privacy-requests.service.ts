import { ConflictException, HttpStatus, Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SubjectKey } from '@survey/field-crypto';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { newOpaqueToken, sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { Page, toPage } from '../common/pagination';
import { invalidField, ProblemException, ValidationProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ContactsService } from '../contacts/contacts.service';
import { KeystoreService } from '../crypto/keystore.service';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { ACCESS_PACKAGE_FORMAT, AccessPackage } from './access-package';
import { addDays, addMonths, dueFlags, MAX_MONTHS_TO_ANSWER } from './due-dates';
import { PersonalDataInventory, packageLanguage } from './personal-data-inventory';
import {
  ACCESS_PACKAGE_CONTEXT,
  PRIVACY_MAIL_KIND,
  PRIVACY_REQUEST_DETAILS_CONTEXT,
  PRIVACY_REQUEST_EMAIL_CONTEXT,
  PRIVACY_REQUEST_EXTENSION_REASON_CONTEXT,
  PRIVACY_REQUEST_IDENTITY_NOTE_CONTEXT,
  PRIVACY_REQUEST_REJECTION_NOTE_CONTEXT,
} from './privacy-request-crypto';
import { PrivacyMail, renderPrivacyMail } from './privacy-request-mails';
import { PrivacyRequestThrottle } from './privacy-request-throttle';
import {
  IdentityVerification,
  OPEN_STATUSES,
  PrivacyRequest,
  PrivacyRequestChannel,
  PrivacyRequestDownload,
  PrivacyRequestStatus,
  ProviderNoticeAction,
  RejectionReason,
} from './privacy-request.entity';
import {
  CreatePrivacyRequestDto,
  DueFlag,
  ExtendPrivacyRequestDto,
  FulfilPrivacyRequestDto,
  LINK_TOKEN_FORMAT,
  PrivacyRequestDto,
  PrivacyRequestQueryDto,
  PrivacyRequestReceivedDto,
  PrivacyRequestSummaryDto,
  PrivacyRequestVerifiedDto,
  RegisterPrivacyRequestDto,
  RejectPrivacyRequestDto,
} from './privacy-requests.dto';
import { ProviderErasuresService } from './provider-erasures.service';
import { returning } from './returning';

export const INVALID_LINK_TYPE = 'urn:survey:problem:invalid-link';
export const REQUEST_STATE_TYPE = 'urn:survey:problem:privacy-request-state';
export const VERIFY_REQUEST_PATH = '/r/verify-request';
export const DOWNLOAD_PATH = '/r/download';

export const RECEIVED_MESSAGE =
  'Thank you. If this e-mail address is right, a message is on its way to it with a link to confirm the request. ' +
  'The request is handled once it is confirmed.';

/** The one 404 for every link that opens nothing: unknown, expired or already used up. */
export function invalidLink(): ProblemException {
  return new ProblemException(
    HttpStatus.NOT_FOUND,
    'This link is not valid or has expired. Please use the link from your most recent e-mail, or file a new request.',
    { type: INVALID_LINK_TYPE },
  );
}

function wrongState(detail: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, detail, { type: REQUEST_STATE_TYPE });
}

function isOpen(status: PrivacyRequestStatus): boolean {
  return (OPEN_STATUSES as readonly PrivacyRequestStatus[]).includes(status);
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** What the download route serves. */
export interface Download {
  requestId: string;
  pkg: AccessPackage;
}

/**
 * The privacy-request workflow (P7): intake through the public form, verification by e-mail link,
 * registration of letters and e-mails by staff, then for the privacy officer: start, extend,
 * reject, or fulfil (access package, rectification, erasure, objection). Every step is audited
 * without personal values; the person is told by e-mail when the request is answered, after
 * which their address and what they wrote are removed from the record.
 */
@Injectable()
export class PrivacyRequestsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    private readonly throttle: PrivacyRequestThrottle,
    private readonly inventory: PersonalDataInventory,
    private readonly contacts: ContactsService,
    private readonly notices: ProviderErasuresService,
  ) {}

  onModuleInit(): void {
    // Once the person has been told (the closing mail is sent, bounced or failed for good), the
    // request keeps no trace of who they are.
    this.outbox.onOutcome(async (outcome, manager) => {
      if (outcome.kind !== PRIVACY_MAIL_KIND.completed && outcome.kind !== PRIVACY_MAIL_KIND.rejected) return;
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM privacy_requests
          WHERE closing_mail_id = $1 AND closed_at IS NOT NULL AND personal_data_removed_at IS NULL
          FOR UPDATE`,
        [outcome.messageId],
      );
      await this.removePersonalData(
        manager,
        rows.map((row) => row.id),
      );
    });
  }

  // ---- Public side ----

  /**
   * Records the request and mails a verification link, whoever the address belongs to: an
   * address we hold nothing on gets the same answer, after the same work, and the same mail.
   */
  async intake(dto: CreatePrivacyRequestDto, ip: string): Promise<PrivacyRequestReceivedDto> {
    await this.throttle.intake(ip, dto.email);
    const id = randomUUID();
    const token = newOpaqueToken('', 32);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const key = (await this.keystore.create([id], manager)).get(id)!;
      const request = manager.create(PrivacyRequest, {
        id,
        type: dto.type,
        status: PrivacyRequestStatus.Received,
        channel: PrivacyRequestChannel.Web,
        language: packageLanguage(dto.language ?? 'en'),
        emailIndex: this.keystore.emailIndex(dto.email),
        emailCiphertext: this.keystore.crypto.encrypt(key, dto.email, PRIVACY_REQUEST_EMAIL_CONTEXT),
        detailsCiphertext: dto.details
          ? this.keystore.crypto.encrypt(key, dto.details, PRIVACY_REQUEST_DETAILS_CONTEXT)
          : null,
        verificationTokenHash: sha256(token),
        verificationExpiresAt: addDays(now, this.config.privacyRequests.verificationDays),
        receivedAt: now,
      });
      await manager.insert(PrivacyRequest, request);
      await this.mail(manager, request, dto.email, {
        kind: 'verification',
        verifyUrl: `${this.config.publicUrl}${VERIFY_REQUEST_PATH}#${token}`,
        expiresAt: request.verificationExpiresAt!,
      });
      await this.audit.record(
        {
          action: 'privacy_request.received',
          resourceType: 'privacy_request',
          resourceId: id,
          details: { type: dto.type, channel: PrivacyRequestChannel.Web },
        },
        manager,
      );
    });
    return { status: 'received', message: RECEIVED_MESSAGE };
  }

  /** The person opened the link: the request is verified and its clock starts. Idempotent. */
  async verify(token: string, ip: string): Promise<PrivacyRequestVerifiedDto> {
    await this.throttle.admit(ip);
    const now = this.clock.now();
    const request = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(PrivacyRequest, {
        where: { verificationTokenHash: sha256(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) return null;
      if (found.status !== PrivacyRequestStatus.Received) return found;
      if (!found.verificationExpiresAt || found.verificationExpiresAt.getTime() <= now.getTime()) return null;
      Object.assign(found, {
        status: PrivacyRequestStatus.Verified,
        verifiedAt: now,
        dueAt: addMonths(now, this.config.privacyRequests.dueMonths),
        identityVerification: IdentityVerification.EmailLink,
        contactId: found.emailIndex ? await this.inventory.contactIdFor(manager, found.emailIndex) : null,
      });
      await manager.save(found);
      await this.audit.record(
        {
          action: 'privacy_request.verified',
          resourceType: 'privacy_request',
          resourceId: found.id,
          details: { type: found.type, knownContact: found.contactId !== null },
        },
        manager,
      );
      return found;
    });
    if (!request || !request.dueAt) {
      await this.throttle.failed(ip);
      throw invalidLink();
    }
    return { status: 'verified', type: request.type, dueAt: request.dueAt.toISOString() };
  }

  /** The access package behind a download link, while the link lasts. */
  async download(token: string | undefined, ip: string, format: 'json' | 'html'): Promise<Download> {
    await this.throttle.admit(ip);
    const now = this.clock.now();
    const found =
      token !== undefined && LINK_TOKEN_FORMAT.test(token)
        ? await this.dataSource.getRepository(PrivacyRequestDownload).findOne({
            where: { tokenHash: sha256(token) },
          })
        : null;
    const key = found && found.expiresAt.getTime() > now.getTime() ? await this.keyIfHeld(found.id) : null;
    if (!found || !key) {
      await this.throttle.failed(ip);
      throw invalidLink();
    }
    const pkg = this.keystore.crypto.decryptJson<AccessPackage>(key, found.packageCiphertext, ACCESS_PACKAGE_CONTEXT);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE privacy_request_downloads
            SET download_count = download_count + 1, first_downloaded_at = coalesce(first_downloaded_at, $2)
          WHERE id = $1`,
        [found.id, now],
      );
      await this.audit.record(
        {
          action: 'privacy_request.package_downloaded',
          resourceType: 'privacy_request',
          resourceId: found.requestId,
          details: { format },
        },
        manager,
      );
    });
    return { requestId: found.requestId, pkg };
  }

  // ---- Privacy officer ----

  async list(query: PrivacyRequestQueryDto): Promise<Page<PrivacyRequestSummaryDto>> {
    const now = this.clock.now();
    const qb = this.dataSource.getRepository(PrivacyRequest).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.type) qb.andWhere('r.type = :type', { type: query.type });
    if (query.dueBefore) qb.andWhere('r.due_at < :dueBefore', { dueBefore: query.dueBefore });
    if (query.flag) {
      qb.andWhere('r.status IN (:...open)', { open: OPEN_STATUSES });
      if (query.flag === DueFlag.Overdue) qb.andWhere('r.due_at < :now', { now });
      else {
        qb.andWhere(
          new Brackets((b) =>
            b
              .where('r.due_at >= :now', { now })
              .andWhere('r.due_at <= :soon', { soon: addDays(now, this.config.privacyRequests.dueSoonDays) }),
          ),
        );
      }
    }
    const [items, total] = await qb
      .orderBy('r.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('r.received_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return toPage(
      items.map((item) => this.toSummary(item, now)),
      total,
      query,
    );
  }

  async get(id: string): Promise<PrivacyRequestDto> {
    const request = await this.find(this.dataSource.manager, id);
    return this.toDto(request, await this.keyIfHeld(request.id));
  }

  /** A request that came by letter or e-mail; the officer has checked the sender's identity. */
  async register(actorId: string, dto: RegisterPrivacyRequestDto): Promise<PrivacyRequestDto> {
    const now = this.clock.now();
    const receivedAt = dto.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime()) throw invalidField('receivedAt', 'receivedAt must not be in the future');
    if (dto.identityVerification === IdentityVerification.Other && !dto.identityNote) {
      throw invalidField('identityNote', 'identityNote is required when identityVerification is other');
    }
    const id = randomUUID();
    const { request, key } = await this.dataSource.transaction(async (manager) => {
      const key = (await this.keystore.create([id], manager)).get(id)!;
      const emailIndex = this.keystore.emailIndex(dto.email);
      const request = manager.create(PrivacyRequest, {
        id,
        type: dto.type,
        status: PrivacyRequestStatus.Verified,
        channel: dto.channel,
        language: packageLanguage(dto.language ?? 'en'),
        emailIndex,
        emailCiphertext: this.keystore.crypto.encrypt(key, dto.email, PRIVACY_REQUEST_EMAIL_CONTEXT),
        detailsCiphertext: dto.details
          ? this.keystore.crypto.encrypt(key, dto.details, PRIVACY_REQUEST_DETAILS_CONTEXT)
          : null,
        contactId: await this.inventory.contactIdFor(manager, emailIndex),
        identityVerification: dto.identityVerification,
        identityNoteCiphertext: dto.identityNote
          ? this.keystore.crypto.encrypt(key, dto.identityNote, PRIVACY_REQUEST_IDENTITY_NOTE_CONTEXT)
          : null,
        receivedAt,
        verifiedAt: now,
        dueAt: addMonths(now, this.config.privacyRequests.dueMonths),
        registeredBy: actorId,
      });
      await manager.insert(PrivacyRequest, request);
      await this.audit.record(
        {
          action: 'privacy_request.registered',
          resourceType: 'privacy_request',
          resourceId: id,
          details: { type: dto.type, channel: dto.channel, identityVerification: dto.identityVerification },
        },
        manager,
      );
      return { request, key };
    });
    return this.toDto(request, key);
  }

  async start(id: string): Promise<PrivacyRequestSummaryDto> {
    const request = await this.dataSource.transaction(async (manager) => {
      const request = await this.find(manager, id, true);
      if (request.status === PrivacyRequestStatus.InProgress) return request;
      if (request.status !== PrivacyRequestStatus.Verified) {
        throw wrongState(`The request is ${request.status}; only a verified request can be started.`);
      }
      request.status = PrivacyRequestStatus.InProgress;
      request.startedAt = this.clock.now();
      await manager.save(request);
      await this.audit.record(
        { action: 'privacy_request.started', resourceType: 'privacy_request', resourceId: id },
        manager,
      );
      return request;
    });
    return this.toSummary(request, this.clock.now());
  }

  /** More time, once, with a reason the person is told; at most three months after verification in all. */
  async extend(id: string, dto: ExtendPrivacyRequestDto): Promise<PrivacyRequestDto> {
    const { request, key } = await this.dataSource.transaction(async (manager) => {
      const request = await this.openRequest(manager, id, 'extended');
      if (request.extendedAt) throw wrongState('The due date of this request has already been extended once.');
      const latest = addMonths(request.verifiedAt!, MAX_MONTHS_TO_ANSWER);
      if (dto.dueAt.getTime() <= request.dueAt!.getTime()) {
        throw invalidField('dueAt', 'dueAt must be later than the current due date');
      }
      if (dto.dueAt.getTime() > latest.getTime()) {
        throw invalidField(
          'dueAt',
          `dueAt must be at most ${MAX_MONTHS_TO_ANSWER} months after verification (${latest.toISOString()})`,
        );
      }
      const key = await this.keystore.keyFor(request.id, manager);
      const previous = request.dueAt!;
      Object.assign(request, {
        dueAt: dto.dueAt,
        extendedAt: this.clock.now(),
        extensionReasonCiphertext: this.keystore.crypto.encrypt(
          key,
          dto.reason,
          PRIVACY_REQUEST_EXTENSION_REASON_CONTEXT,
        ),
      });
      await manager.save(request);
      await this.mail(manager, request, this.emailOf(request, key), {
        kind: 'extended',
        dueAt: dto.dueAt,
        reason: dto.reason,
      });
      await this.audit.record(
        {
          action: 'privacy_request.extended',
          resourceType: 'privacy_request',
          resourceId: id,
          details: { previousDueAt: previous.toISOString(), dueAt: dto.dueAt.toISOString() },
        },
        manager,
      );
      return { request, key };
    });
    return this.toDto(request, key);
  }

  async reject(id: string, dto: RejectPrivacyRequestDto): Promise<PrivacyRequestDto> {
    if (dto.reason === RejectionReason.Other && !dto.note) {
      throw invalidField('note', 'note is required when the reason is other (it tells the person why)');
    }
    const { request, key } = await this.dataSource.transaction(async (manager) => {
      const request = await this.openRequest(manager, id, 'rejected');
      const key = await this.keystore.keyFor(request.id, manager);
      const now = this.clock.now();
      Object.assign(request, {
        status: PrivacyRequestStatus.Rejected,
        closedAt: now,
        rejectionReason: dto.reason,
        rejectionNoteCiphertext: dto.note
          ? this.keystore.crypto.encrypt(key, dto.note, PRIVACY_REQUEST_REJECTION_NOTE_CONTEXT)
          : null,
      });
      const [mailId] = await this.mail(manager, request, this.emailOf(request, key), {
        kind: 'rejected',
        reason: dto.reason,
        note: dto.note ?? null,
      });
      request.closingMailId = mailId;
      await manager.save(request);
      await this.audit.record(
        {
          action: 'privacy_request.rejected',
          resourceType: 'privacy_request',
          resourceId: id,
          details: { type: request.type, reason: dto.reason },
        },
        manager,
      );
      return { request, key };
    });
    return this.toDto(request, key);
  }

  /**
   * Does what the request asks, in one transaction with its answer to the person: the access
   * package and its download link, the rectification, the erasure or the objection. Each is
   * audited with counts and field names only.
   */
  async fulfil(id: string, dto: FulfilPrivacyRequestDto): Promise<PrivacyRequestDto> {
    const { request, key } = await this.dataSource.transaction(async (manager) => {
      const request = await this.openRequest(manager, id, 'fulfilled');
      if (request.type === 'rectification' && !dto.changes) {
        throw invalidField('changes', 'changes (the corrected contact fields) are required for a rectification');
      }
      if (request.type !== 'rectification' && dto.changes) {
        throw invalidField('changes', 'changes are only for rectification requests');
      }
      const key = await this.keystore.keyFor(request.id, manager);
      const email = this.emailOf(request, key);
      const contactId = request.emailIndex ? await this.inventory.contactIdFor(manager, request.emailIndex) : null;
      const now = this.clock.now();
      let outcome: Record<string, number | string | string[]>;
      let mail: PrivacyMail = { kind: 'completed', nothingHeld: contactId === null };
      switch (request.type) {
        case 'access': {
          const download = await this.prepareDownload(manager, request, contactId, now);
          outcome = download.outcome;
          mail = { ...mail, download: { url: download.url, expiresAt: download.expiresAt } };
          break;
        }
        case 'rectification': {
          if (!contactId) {
            throw wrongState(
              'No contact holds the address of this request, so there is nothing to rectify; reject it with the reason no-data-held.',
            );
          }
          const fields = Object.entries(dto.changes!)
            .filter(([, value]) => value !== undefined)
            .map(([field]) => field);
          await this.contacts.update(contactId, dto.changes!, manager).catch((error: unknown) => {
            // The contact's own field names, under `changes` where the caller put them.
            if (!(error instanceof ValidationProblemException)) throw error;
            throw new ValidationProblemException(
              error.fieldErrors.map((e) => ({ field: `changes.${e.field}`, message: e.message })),
            );
          });
          const responses = await this.inventory.rectifyResponses(manager, contactId, now);
          const notices = await this.notices.notify(
            manager,
            await this.inventory.surveysOf(manager, contactId),
            ProviderNoticeAction.Rectify,
          );
          outcome = { fields, responsesUpdated: responses, providerNotices: notices };
          break;
        }
        case 'erasure': {
          if (!contactId) {
            outcome = { contacts: 0, invitations: 0, responses: 0, accessPackages: 0, mail: 0, providerNotices: 0 };
            break;
          }
          const erased = await this.inventory.erase(manager, contactId);
          const notices = await this.notices.notify(manager, erased.surveys, ProviderNoticeAction.Erase);
          outcome = {
            contacts: 1,
            invitations: erased.invitations,
            responses: erased.responses,
            accessPackages: erased.downloads,
            mail: erased.mail,
            providerNotices: notices,
          };
          break;
        }
        case 'objection': {
          const objected = contactId ? await this.inventory.object(manager, contactId, now) : null;
          outcome = { invitationsOptedOut: objected?.invitations ?? 0, mailCancelled: objected?.mail ?? 0 };
          break;
        }
      }
      Object.assign(request, {
        status: PrivacyRequestStatus.Completed,
        startedAt: request.startedAt ?? now,
        closedAt: now,
        outcome,
        contactId: request.type === 'erasure' ? null : contactId,
      });
      const [mailId] = await this.mail(manager, request, email, mail);
      request.closingMailId = mailId;
      await manager.save(request);
      await this.audit.record(
        {
          action: 'privacy_request.completed',
          resourceType: 'privacy_request',
          resourceId: id,
          details: { type: request.type, knownContact: contactId !== null, ...outcome },
        },
        manager,
      );
      return { request, key };
    });
    return this.toDto(request, key);
  }

  /** Builds the access package now, and stores it under a key of its own behind a new link. */
  private async prepareDownload(
    manager: EntityManager,
    request: PrivacyRequest,
    contactId: string | null,
    now: Date,
  ): Promise<{ url: string; expiresAt: Date; outcome: Record<string, number> }> {
    const language = packageLanguage(request.language);
    const collected = await this.inventory.collect(manager, contactId, request.emailIndex!, language);
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
    const key = (await this.keystore.create([downloadId], manager)).get(downloadId)!;
    await manager.insert(PrivacyRequestDownload, {
      id: downloadId,
      requestId: request.id,
      contactId: pkg.contact ? contactId : null,
      tokenHash: sha256(token),
      packageCiphertext: this.keystore.crypto.encryptJson(key, pkg, ACCESS_PACKAGE_CONTEXT),
      expiresAt,
    });
    return {
      url: `${this.config.publicUrl}${DOWNLOAD_PATH}#${token}`,
      expiresAt,
      outcome: {
        contacts: pkg.contact ? 1 : 0,
        invitations: pkg.invitations.length,
        responses: pkg.responses.length,
        privacyRequests: pkg.privacyRequests.length,
        mail: pkg.mail.length,
      },
    };
  }

  /**
   * Shreds the requests' keys and empties every column that could say who asked: what remains
   * is the type, the dates, the outcome counts and the reason code. Returns how many changed.
   */
  async removePersonalData(manager: EntityManager, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    await this.keystore.shred(ids, manager);
    const rows = await returning<unknown>(
      manager,
      `UPDATE privacy_requests
          SET email_index = NULL, email_ciphertext = NULL, details_ciphertext = NULL,
              identity_note_ciphertext = NULL, extension_reason_ciphertext = NULL,
              rejection_note_ciphertext = NULL, verification_token_hash = NULL, contact_id = NULL,
              personal_data_removed_at = $2
        WHERE id = ANY($1::uuid[]) AND personal_data_removed_at IS NULL
        RETURNING id`,
      [ids, this.clock.now()],
    );
    // What is still queued for them cannot be sent any more (its key is gone).
    await manager.query(
      `DELETE FROM mail_outbox WHERE subject_id = ANY($1::uuid[]) AND status IN ('pending', 'sending')`,
      [ids],
    );
    return rows.length;
  }

  // ---- helpers ----

  private async find(manager: EntityManager, id: string, lock = false): Promise<PrivacyRequest> {
    const request = await manager.findOne(PrivacyRequest, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!request) throw new NotFoundException('No privacy request has this id.');
    return request;
  }

  private async openRequest(manager: EntityManager, id: string, verb: string): Promise<PrivacyRequest> {
    const request = await this.find(manager, id, true);
    if (!isOpen(request.status)) {
      throw wrongState(
        request.status === PrivacyRequestStatus.Received
          ? 'The request has not been verified yet, so it cannot be ' + verb + '.'
          : `The request is ${request.status} already.`,
      );
    }
    return request;
  }

  private async keyIfHeld(subjectId: string): Promise<SubjectKey | null> {
    const held = await this.dataSource.query('SELECT 1 FROM keystore.subject_keys WHERE subject_id = $1', [subjectId]);
    return held.length > 0 ? this.keystore.keyFor(subjectId) : null;
  }

  private emailOf(request: PrivacyRequest, key: SubjectKey): string {
    if (!request.emailCiphertext) throw new ConflictException('This request no longer holds an e-mail address.');
    return this.keystore.crypto.decrypt(key, request.emailCiphertext, PRIVACY_REQUEST_EMAIL_CONTEXT);
  }

  private async mail(
    manager: EntityManager,
    request: PrivacyRequest,
    to: string,
    mail: PrivacyMail,
  ): Promise<string[]> {
    const rendered = renderPrivacyMail({
      language: request.language,
      type: request.type,
      organisationName: this.config.privacy.organisationName,
      contactEmail: this.config.privacy.contactEmail,
      receivedAt: request.receivedAt,
      mail,
    });
    return this.outbox.enqueue(manager, [
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

  private toSummary(request: PrivacyRequest, now: Date): PrivacyRequestSummaryDto {
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

  private toDto(request: PrivacyRequest, key: SubjectKey | null): PrivacyRequestDto {
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
