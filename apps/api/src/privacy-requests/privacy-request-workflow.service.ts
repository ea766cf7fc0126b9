import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Page, toPage } from '../common/pagination';
import { invalidField } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { addDays, addMonths, MAX_MONTHS_TO_ANSWER } from './due-dates';
import { PersonalDataInventory, packageLanguage } from './personal-data-inventory';
import {
  keyIfHeld,
  PRIVACY_REQUEST_DETAILS_CONTEXT,
  PRIVACY_REQUEST_EMAIL_CONTEXT,
  PRIVACY_REQUEST_EXTENSION_REASON_CONTEXT,
  PRIVACY_REQUEST_IDENTITY_NOTE_CONTEXT,
  PRIVACY_REQUEST_REJECTION_NOTE_CONTEXT,
} from './privacy-request-crypto';
import { requireFound, requireOpen, wrongState } from './privacy-request-errors';
import { PrivacyRequestMailer } from './privacy-request-mailer';
import { PrivacyRequestViews } from './privacy-request-views';
import { IdentityVerification, PrivacyRequestStatus, RejectionReason } from './privacy-request.entity';
import {
  DueFlag,
  ExtendPrivacyRequestDto,
  PrivacyRequestDto,
  PrivacyRequestQueryDto,
  PrivacyRequestSummaryDto,
  RegisterPrivacyRequestDto,
  RejectPrivacyRequestDto,
} from './privacy-requests.dto';
import { PrivacyRequestFilter, PrivacyRequestsRepository } from './privacy-requests.repository';

/**
 * The privacy officer's side of the workflow (P7): the list and the record of each request, the
 * registration of letters and e-mails, and the steps short of doing what the request asks:
 * start, extend (once, with a reason mailed to the person) and reject. Every step is audited
 * without personal values.
 */
@Injectable()
export class PrivacyRequestWorkflowService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly requests: PrivacyRequestsRepository,
    private readonly keystore: KeystoreService,
    private readonly audit: AuditService,
    private readonly inventory: PersonalDataInventory,
    private readonly mailer: PrivacyRequestMailer,
    private readonly views: PrivacyRequestViews,
  ) {}

  async list(query: PrivacyRequestQueryDto): Promise<Page<PrivacyRequestSummaryDto>> {
    const now = this.clock.now();
    const filter: PrivacyRequestFilter = { status: query.status, type: query.type, dueBefore: query.dueBefore };
    if (query.flag === DueFlag.Overdue) filter.due = { overdueAt: now };
    else if (query.flag) filter.due = { from: now, to: addDays(now, this.config.privacyRequests.dueSoonDays) };
    const [items, total] = await this.requests.list(filter, query);
    return toPage(
      items.map((item) => this.views.toSummary(item, now)),
      total,
      query,
    );
  }

  async get(id: string): Promise<PrivacyRequestDto> {
    const request = requireFound(await this.requests.findById(id, false));
    return this.views.toDto(request, await keyIfHeld(this.keystore, request.id));
  }

  /** A request that came by letter or e-mail; the officer has checked the sender's identity. */
  async register(actorId: string, dto: RegisterPrivacyRequestDto): Promise<PrivacyRequestDto> {
    const now = this.clock.now();
    const receivedAt = dto.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime())
      throw invalidField('receivedAt', 'receivedAt must not be in the future', 'notFuture');
    if (dto.identityVerification === IdentityVerification.Other && !dto.identityNote) {
      throw invalidField('identityNote', 'identityNote is required when identityVerification is other', 'isNotEmpty');
    }
    const id = randomUUID();
    const { request, key } = await this.transactions.run(async (tx) => {
      const key = (await this.keystore.create([id], tx)).get(id)!;
      const emailIndex = this.keystore.emailIndex(dto.email);
      const encrypt = (text: string, context: string) => this.keystore.crypto.encrypt(key, text, context);
      const request = this.requests.build({
        id,
        type: dto.type,
        status: PrivacyRequestStatus.Verified,
        channel: dto.channel,
        language: packageLanguage(dto.language ?? 'en'),
        emailIndex,
        emailCiphertext: encrypt(dto.email, PRIVACY_REQUEST_EMAIL_CONTEXT),
        detailsCiphertext: dto.details ? encrypt(dto.details, PRIVACY_REQUEST_DETAILS_CONTEXT) : null,
        contactId: await this.inventory.contactIdFor(tx, emailIndex),
        identityVerification: dto.identityVerification,
        identityNoteCiphertext: dto.identityNote
          ? encrypt(dto.identityNote, PRIVACY_REQUEST_IDENTITY_NOTE_CONTEXT)
          : null,
        receivedAt,
        verifiedAt: now,
        dueAt: addMonths(now, this.config.privacyRequests.dueMonths),
        registeredBy: actorId,
      });
      await this.requests.insert(request, tx);
      await this.audit.record(
        {
          action: 'privacy_request.registered',
          resourceType: 'privacy_request',
          resourceId: id,
          details: { type: dto.type, channel: dto.channel, identityVerification: dto.identityVerification },
        },
        tx,
      );
      return { request, key };
    });
    return this.views.toDto(request, key);
  }

  async start(id: string): Promise<PrivacyRequestSummaryDto> {
    const request = await this.transactions.run(async (tx) => {
      const request = requireFound(await this.requests.findById(id, true, tx));
      if (request.status === PrivacyRequestStatus.InProgress) return request;
      if (request.status !== PrivacyRequestStatus.Verified) {
        throw wrongState(`The request is ${request.status}; only a verified request can be started.`);
      }
      request.status = PrivacyRequestStatus.InProgress;
      request.startedAt = this.clock.now();
      await this.requests.save(request, tx);
      await this.audit.record(
        { action: 'privacy_request.started', resourceType: 'privacy_request', resourceId: id },
        tx,
      );
      return request;
    });
    return this.views.toSummary(request, this.clock.now());
  }

  /** More time, once, with a reason the person is told; at most three months after verification in all. */
  async extend(id: string, dto: ExtendPrivacyRequestDto): Promise<PrivacyRequestDto> {
    const { request, key } = await this.transactions.run(async (tx) => {
      const request = requireOpen(await this.requests.findById(id, true, tx), 'extended');
      if (request.extendedAt) throw wrongState('The due date of this request has already been extended once.');
      const latest = addMonths(request.verifiedAt!, MAX_MONTHS_TO_ANSWER);
      if (dto.dueAt.getTime() <= request.dueAt!.getTime()) {
        throw invalidField('dueAt', 'dueAt must be later than the current due date', 'tooEarly');
      }
      if (dto.dueAt.getTime() > latest.getTime()) {
        throw invalidField(
          'dueAt',
          `dueAt must be at most ${MAX_MONTHS_TO_ANSWER} months after verification (${latest.toISOString()})`,
          'tooFar',
        );
      }
      const key = await this.keystore.keyFor(request.id, tx);
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
      await this.requests.save(request, tx);
      await this.mailer.send(tx, request, this.mailer.emailOf(request, key), {
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
        tx,
      );
      return { request, key };
    });
    return this.views.toDto(request, key);
  }

  async reject(id: string, dto: RejectPrivacyRequestDto): Promise<PrivacyRequestDto> {
    if (dto.reason === RejectionReason.Other && !dto.note) {
      throw invalidField('note', 'note is required when the reason is other (it tells the person why)', 'isNotEmpty');
    }
    const { request, key } = await this.transactions.run(async (tx) => {
      const request = requireOpen(await this.requests.findById(id, true, tx), 'rejected');
      const key = await this.keystore.keyFor(request.id, tx);
      const now = this.clock.now();
      Object.assign(request, {
        status: PrivacyRequestStatus.Rejected,
        closedAt: now,
        rejectionReason: dto.reason,
        rejectionNoteCiphertext: dto.note
          ? this.keystore.crypto.encrypt(key, dto.note, PRIVACY_REQUEST_REJECTION_NOTE_CONTEXT)
          : null,
      });
      const [mailId] = await this.mailer.send(tx, request, this.mailer.emailOf(request, key), {
        kind: 'rejected',
        reason: dto.reason,
        note: dto.note ?? null,
      });
      request.closingMailId = mailId;
      await this.requests.save(request, tx);
      await this.audit.record(
        {
          action: 'privacy_request.rejected',
          resourceType: 'privacy_request',
          resourceId: id,
          details: { type: request.type, reason: dto.reason },
        },
        tx,
      );
      return { request, key };
    });
    return this.views.toDto(request, key);
  }
}
