import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { newOpaqueToken, sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import type { Response } from 'express';
import { AccessPackage, renderAccessPackageHtml } from './access-package';
import { AccessPackagesService, type PackageFormat } from './access-packages.service';
import { addDays, addMonths } from './due-dates';
import { PersonalDataInventory, packageLanguage } from './personal-data-inventory';
import {
  ACCESS_PACKAGE_CONTEXT,
  keyIfHeld,
  PRIVACY_REQUEST_DETAILS_CONTEXT,
  PRIVACY_REQUEST_EMAIL_CONTEXT,
} from './privacy-request-crypto';
import { PrivacyRequestDownloadsRepository } from './privacy-request-downloads.repository';
import { invalidLink } from './privacy-request-errors';
import { PrivacyRequestMailer } from './privacy-request-mailer';
import { PrivacyRequestThrottle } from './privacy-request-throttle';
import { IdentityVerification, PrivacyRequestChannel, PrivacyRequestStatus } from './privacy-request.entity';
import {
  CreatePrivacyRequestDto,
  LINK_TOKEN_FORMAT,
  PrivacyRequestReceivedDto,
  PrivacyRequestVerifiedDto,
} from './privacy-requests.dto';
import { PrivacyRequestsRepository } from './privacy-requests.repository';

export const VERIFY_REQUEST_PATH = '/r/verify-request';

export const RECEIVED_MESSAGE =
  'Thank you. If this e-mail address is right, a message is on its way to it with a link to confirm the request. ' +
  'The request is handled once it is confirmed.';

/**
 * The public side of the privacy-request workflow (P7): intake through the public form,
 * verification by the mailed link, and the download of an access package behind its link. Each
 * route is throttled per client address, and every link that opens nothing answers the same 404.
 */
@Injectable()
export class PrivacyRequestIntakeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly requests: PrivacyRequestsRepository,
    private readonly downloads: PrivacyRequestDownloadsRepository,
    private readonly keystore: KeystoreService,
    private readonly audit: AuditService,
    private readonly throttle: PrivacyRequestThrottle,
    private readonly inventory: PersonalDataInventory,
    private readonly mailer: PrivacyRequestMailer,
    private readonly packages: AccessPackagesService,
  ) {}

  /**
   * Records the request and mails a verification link, whoever the address belongs to: an
   * address we hold nothing on gets the same answer, after the same work, and the same mail.
   */
  async intake(dto: CreatePrivacyRequestDto, ip: string): Promise<PrivacyRequestReceivedDto> {
    await this.throttle.intake(ip, dto.email);
    const id = randomUUID();
    const token = newOpaqueToken('', 32);
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      const key = (await this.keystore.create([id], tx)).get(id)!;
      const request = this.requests.build({
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
      await this.requests.insert(request, tx);
      await this.mailer.send(tx, request, dto.email, {
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
        tx,
      );
    });
    return { status: 'received', message: RECEIVED_MESSAGE };
  }

  /** The person opened the link: the request is verified and its clock starts. Idempotent. */
  async verify(token: string, ip: string): Promise<PrivacyRequestVerifiedDto> {
    await this.throttle.admit(ip);
    const now = this.clock.now();
    const request = await this.transactions.run(async (tx) => {
      const found = await this.requests.findForVerification(sha256(token), tx);
      if (!found) return null;
      if (found.status !== PrivacyRequestStatus.Received) return found;
      if (!found.verificationExpiresAt || found.verificationExpiresAt.getTime() <= now.getTime()) return null;
      Object.assign(found, {
        status: PrivacyRequestStatus.Verified,
        verifiedAt: now,
        dueAt: addMonths(now, this.config.privacyRequests.dueMonths),
        identityVerification: IdentityVerification.EmailLink,
        contactId: found.emailIndex ? await this.inventory.contactIdFor(tx, found.emailIndex) : null,
      });
      await this.requests.save(found, tx);
      await this.audit.record(
        {
          action: 'privacy_request.verified',
          resourceType: 'privacy_request',
          resourceId: found.id,
          details: { type: found.type, knownContact: found.contactId !== null },
        },
        tx,
      );
      return found;
    });
    if (!request || !request.dueAt) {
      await this.throttle.failed(ip);
      throw invalidLink();
    }
    return { status: 'verified', type: request.type, dueAt: request.dueAt.toISOString() };
  }

  /**
   * Sends the access package behind a download link, while the link lasts, as JSON or as a page;
   * counted and audited once it is sure to be sent.
   */
  async download(token: string | undefined, ip: string, format: PackageFormat, res: Response): Promise<void> {
    await this.throttle.admit(ip);
    const now = this.clock.now();
    const found =
      token !== undefined && LINK_TOKEN_FORMAT.test(token) ? await this.downloads.findByTokenHash(sha256(token)) : null;
    const live = found && found.expiresAt && found.expiresAt.getTime() > now.getTime() ? found : null;
    const counted = async () => {
      await this.transactions.run(async (tx) => {
        await this.downloads.countDownload(live!.id, now, tx);
        await this.audit.record(
          {
            action: 'privacy_request.package_downloaded',
            resourceType: 'privacy_request',
            resourceId: live!.requestId,
            details: { format },
          },
          tx,
        );
      });
    };
    if (live?.packageCiphertext) {
      // A package made before packages were jobs: stored whole under its row's key.
      const key = await keyIfHeld(this.keystore, live.id);
      if (key) {
        const pkg = this.keystore.crypto.decryptJson<AccessPackage>(
          key,
          live.packageCiphertext,
          ACCESS_PACKAGE_CONTEXT,
        );
        await counted();
        res.status(200);
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="personal-data-${pkg.generatedAt.slice(0, 10)}.${format}"`,
        );
        if (format === 'html') res.type('text/html; charset=utf-8').send(renderAccessPackageHtml(pkg));
        else res.type('application/json; charset=utf-8').send(JSON.stringify(pkg, null, 2));
        return;
      }
    } else if (live && (await this.packages.serve(live, format, res, counted))) {
      return;
    }
    await this.throttle.failed(ip);
    throw invalidLink();
  }
}
