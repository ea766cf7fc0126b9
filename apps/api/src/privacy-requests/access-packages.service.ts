import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { newOpaqueToken, sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { notFound } from '../common/errors';
import { ROOT_LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { ExportStatus, ProducedFileKind } from '../exports/export-file.entity';
import { ExportsService, type ProducedFileState } from '../exports/exports.service';
import { JobContext, JobInterrupted, JobQueue, safeJobError } from '../jobs/job-queue';
import { ACCESS_PACKAGE_FORMAT, AccessPackage, renderAccessPackageHtml } from './access-package';
import { addDays } from './due-dates';
import { PersonalDataInventory, packageLanguage } from './personal-data-inventory';
import { PrivacyRequestCloser } from './privacy-request-closer';
import { PrivacyRequestDownloadsRepository } from './privacy-request-downloads.repository';
import { isOpen, requireFound, wrongState } from './privacy-request-errors';
import { iso, PrivacyRequestViews } from './privacy-request-views';
import { PrivacyRequest, PrivacyRequestDownload, PrivacyRequestStatus } from './privacy-request.entity';
import { AccessPackageProgressDto, AccessPackageStatus } from './privacy-requests.dto';
import { PrivacyRequestsRepository } from './privacy-requests.repository';

export const DOWNLOAD_PATH = '/r/download';
export const ACCESS_PACKAGE_TASK = 'privacy-requests.access-package';
export type PackageFormat = 'json' | 'html';

const FILES: readonly PackageFormat[] = ['json', 'html'];
const CONTENT_TYPES: Record<PackageFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Access packages (P7) of any size, made in the background. Fulfilling an access request asks
 * for one (`ask`, in the fulfilment's transaction): the exports module records its two files (the
 * package as JSON and as a readable page in the person's language) and a job is queued. The job
 * (`make`) gathers everything held about the person, writes both files through the exports
 * module (encrypted in parts under a key of each file's own), then, in one transaction, mails the
 * person the link, completes the request and audits it. The person downloads with the link's
 * token until it expires; the files are then deleted and their keys shredded. Staff never
 * download a package: they see how far it is (`progress`).
 */
@Injectable()
export class AccessPackagesService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly requests: PrivacyRequestsRepository,
    private readonly downloads: PrivacyRequestDownloadsRepository,
    private readonly keystore: KeystoreService,
    private readonly inventory: PersonalDataInventory,
    private readonly exportFiles: ExportsService,
    private readonly closer: PrivacyRequestCloser,
    private readonly views: PrivacyRequestViews,
    private readonly jobs: JobQueue,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'access-packages' });
    jobs.register(ACCESS_PACKAGE_TASK, (payload, job) => this.make(String(payload.downloadId), job));
  }

  /**
   * Asks for the package of an open access request (in the fulfilment's transaction): the
   * request is in progress until the job mails the link. A package still being made is a 409;
   * one that failed is deleted and asked for again.
   */
  async ask(tx: EntityManager, request: PrivacyRequest, contactId: string | null, now: Date): Promise<void> {
    const unmailed = await this.downloads.unmailedOfRequest(request.id, tx);
    const states = await this.exportFiles.producedStates(
      unmailed.flatMap((d) => [d.jsonFileId, d.htmlFileId]).filter(isId),
    );
    const failed = unmailed.filter((d) => statusOf(d, filesOf(d, states)) === 'failed');
    if (failed.length < unmailed.length) {
      throw wrongState('The access package of this request is being made; follow its progress.');
    }
    await this.drop(
      tx,
      failed.map((d) => d.id),
    );
    const id = randomUUID();
    const files: Record<PackageFormat, string> = { json: '', html: '' };
    for (const format of FILES) {
      files[format] = await this.exportFiles.createProduced(tx, {
        kind: ProducedFileKind.AccessPackage,
        sourceId: request.id,
        format,
      });
    }
    await this.downloads.insert(
      { id, requestId: request.id, contactId, jsonFileId: files.json, htmlFileId: files.html },
      tx,
    );
    await this.jobs.enqueue(tx, { task: ACCESS_PACKAGE_TASK, payload: { downloadId: id }, maxAttempts: 3 });
    Object.assign(request, { status: PrivacyRequestStatus.InProgress, startedAt: request.startedAt ?? now });
    await this.requests.save(request, tx);
  }

  /** How far the request's latest package is (`none` before one is asked for; 404 for other requests). */
  async progress(requestId: string): Promise<AccessPackageProgressDto> {
    // The package before the request: the job stores the link and completes the request in one
    // transaction, so a package seen ready is never shown beside a request still in progress.
    const download = await this.downloads.latestOfRequest(requestId);
    const request = requireFound(await this.requests.findById(requestId, false));
    if (request.type !== 'access') throw notFound('Only an access request has an access package.');
    if (!download) {
      return {
        status: 'none',
        filesDone: 0,
        filesTotal: FILES.length,
        byteSize: null,
        askedAt: null,
        expiresAt: null,
        request: this.views.toSummary(request, this.clock.now()),
      };
    }
    const states = await this.exportFiles.producedStates([download.jsonFileId, download.htmlFileId].filter(isId));
    const files = filesOf(download, states);
    const status = statusOf(download, files, this.clock.now());
    const made = files.filter((f) => f?.status === ExportStatus.Ready);
    return {
      status,
      filesDone: download.packageCiphertext ? FILES.length : made.length,
      filesTotal: FILES.length,
      byteSize: made.length === FILES.length ? made.reduce((sum, f) => sum + (f!.byteSize ?? 0), 0) : null,
      askedAt: download.createdAt.toISOString(),
      expiresAt: iso(download.expiresAt),
      request: this.views.toSummary(request, this.clock.now()),
    };
  }

  /** The job: makes both files, then mails the link and completes the request. */
  async make(downloadId: string, job: JobContext): Promise<void> {
    const download = await this.downloads.find(downloadId);
    if (!download || download.tokenHash || !download.jsonFileId || !download.htmlFileId) return;
    const fileIds = [download.jsonFileId, download.htmlFileId];
    try {
      const request = await this.requests.findById(download.requestId, false);
      if (!request || !isOpen(request.status)) {
        await this.transactions.run((tx) => this.drop(tx, [downloadId]));
        return;
      }
      const now = this.clock.now();
      const expiresAt = addDays(now, this.config.privacyRequests.downloadDays);
      const pkg = await this.build(request, download.contactId, now);
      const day = pkg.generatedAt.slice(0, 10);
      for (const format of FILES) {
        if (job.stopping) throw new JobInterrupted();
        const made = await this.exportFiles.produce(
          format === 'json' ? fileIds[0] : fileIds[1],
          expiresAt,
          async (out) => {
            await out.write(
              Buffer.from(format === 'json' ? JSON.stringify(pkg, null, 2) : renderAccessPackageHtml(pkg)),
            );
            return { fileName: `personal-data-${day}.${format}`, contentType: CONTENT_TYPES[format] };
          },
        );
        if (!made) return; // discarded meanwhile (the person was erased, the request deleted)
      }
      await this.transactions.run((tx) => this.mail(tx, downloadId, pkg, expiresAt));
    } catch (error) {
      if (error instanceof JobInterrupted || !job.lastAttempt) throw error;
      // What was written goes at once (its keys shredded); the request stays open to fulfil again.
      this.logger.warn({ downloadId, error: safeJobError(error) }, 'access package failed');
      await this.transactions.run((tx) => this.exportFiles.discard(fileIds, tx));
      throw error;
    }
  }

  /** Everything held about the person, as the package's JSON. */
  private async build(request: PrivacyRequest, contactId: string | null, now: Date): Promise<AccessPackage> {
    const language = packageLanguage(request.language);
    const collected = await this.inventory.collect(this.transactions.manager, contactId, request.emailIndex!, language);
    return {
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
  }

  /** The package is made: a new link, mailed with the request's completion, in one transaction. */
  private async mail(tx: EntityManager, downloadId: string, pkg: AccessPackage, expiresAt: Date): Promise<void> {
    const download = await this.downloads.find(downloadId, tx, true);
    if (!download || download.tokenHash) return;
    const request = await this.requests.findById(download.requestId, true, tx);
    if (!request || !isOpen(request.status)) {
      await this.drop(tx, [downloadId]);
      return;
    }
    const token = newOpaqueToken('', 32);
    const contactId = download.contactId;
    await this.downloads.markMailed(
      downloadId,
      { tokenHash: sha256(token), expiresAt, contactId: pkg.contact ? contactId : null },
      tx,
    );
    const key = await this.keystore.keyFor(request.id, tx);
    await this.closer.complete(
      tx,
      request,
      key,
      contactId,
      {
        mail: { download: { url: `${this.config.publicUrl}${DOWNLOAD_PATH}#${token}`, expiresAt } },
        outcome: {
          contacts: pkg.contact ? 1 : 0,
          invitations: pkg.invitations.length,
          responses: pkg.responses.length,
          privacyRequests: pkg.privacyRequests.length,
          mail: pkg.mail.length,
        },
      },
      this.clock.now(),
    );
  }

  /**
   * Sends the package's file in `format` to the holder of its link (checked, counted and audited
   * by `beforeSending`); false, with nothing sent, when it cannot be served.
   */
  serve(download: PrivacyRequestDownload, format: PackageFormat, res: Response, beforeSending: () => Promise<void>) {
    const fileId = format === 'json' ? download.jsonFileId : download.htmlFileId;
    return fileId ? this.exportFiles.serve(fileId, res, beforeSending) : Promise.resolve(false);
  }

  /** Deletes these packages and their files now, shredding every key they were under (in `tx`). */
  async drop(tx: EntityManager, downloadIds: string[]): Promise<void> {
    if (downloadIds.length === 0) return;
    await this.exportFiles.discard(await this.downloads.fileIdsOf(downloadIds, tx), tx);
    // Packages made before they were jobs are encrypted under their row's own key.
    await this.keystore.shred(downloadIds, tx);
    await this.downloads.deleteByIds(downloadIds, tx);
  }
}

function isId(id: string | null): id is string {
  return id !== null;
}

type Files = (ProducedFileState | undefined)[];

function filesOf(
  download: Pick<PrivacyRequestDownload, 'jsonFileId' | 'htmlFileId'>,
  states: ProducedFileState[],
): Files {
  return [download.jsonFileId, download.htmlFileId].map((id) => states.find((s) => s.id === id));
}

function statusOf(
  download: Pick<PrivacyRequestDownload, 'tokenHash' | 'expiresAt' | 'packageCiphertext'>,
  files: Files,
  now?: Date,
): AccessPackageStatus {
  if (download.tokenHash) {
    return now && download.expiresAt && download.expiresAt <= now ? 'expired' : 'ready';
  }
  if (files.some((f) => !f || f.status === ExportStatus.Failed || f.status === ExportStatus.Expired)) return 'failed';
  if (files.every((f) => f!.status === ExportStatus.Queued)) return 'queued';
  return 'running';
}
