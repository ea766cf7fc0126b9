import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { ExportsService } from '../exports/exports.service';
import { Transactions } from '../database/transactions';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { RetentionRegistry, RetentionTarget } from '../retention/retention-registry';
import { addDays, addMonths } from './due-dates';
import { PrivacyRequestDownloadsRepository } from './privacy-request-downloads.repository';
import { PrivacyRequestMailer } from './privacy-request-mailer';
import { PrivacyRequestsRepository } from './privacy-requests.repository';
import { ProviderErasureNoticesRepository } from './provider-erasure-notices.repository';

/**
 * A closed request's address, details and notes normally go as soon as the closing e-mail has
 * been sent (see PrivacyRequestMailer). Should that e-mail stay queued (no sender running, a
 * crash between the two), they go this long after closing anyway.
 */
export const ADDRESS_GRACE_DAYS = 7;

/** A retention target whose due rows are locked and purged in batches, each in a transaction of its own. */
abstract class BatchTarget implements RetentionTarget {
  abstract readonly kind: string;

  constructor(protected readonly transactions: Transactions) {}

  abstract countDue(at: Date): Promise<number>;

  /** Locks at most `limit` due rows, skipping rows locked elsewhere; returns their ids. */
  protected abstract lockDue(at: Date, limit: number, tx: EntityManager): Promise<string[]>;

  /** Deletes (or strips) the locked rows; returns how many. */
  protected abstract purge(tx: EntityManager, ids: string[]): Promise<number>;

  purgeBatch(at: Date, limit: number): Promise<number> {
    return this.transactions.run(async (tx) => {
      const ids = await this.lockDue(at, limit, tx);
      return ids.length === 0 ? 0 : this.purge(tx, ids);
    });
  }
}

/**
 * Privacy-request records: a closed request (completed or rejected) is kept
 * PRIVACY_REQUEST_RETENTION_MONTHS after closing (default 24, never more), as the record that
 * the right was exercised and answered; an unverified request goes when its verification link
 * expires. Deleting one shreds its key and its downloads' keys and removes its queued mail.
 */
class PrivacyRequestRecords extends BatchTarget {
  readonly kind = 'privacy_requests';
  readonly rule =
    'a closed request’s record (type, dates, outcome; no address or details) once the retention period of privacy-request records has passed since it was closed; an unconfirmed request when its confirmation link expires';

  constructor(
    transactions: Transactions,
    private readonly months: number,
    private readonly requests: PrivacyRequestsRepository,
    private readonly downloads: PrivacyRequestDownloadsRepository,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly exportFiles: ExportsService,
  ) {
    super(transactions);
  }

  countDue(at: Date): Promise<number> {
    return this.requests.countExpired(addMonths(at, -this.months), at);
  }

  protected lockDue(at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return this.requests.lockExpired(addMonths(at, -this.months), at, limit, tx);
  }

  protected async purge(tx: EntityManager, ids: string[]): Promise<number> {
    const downloads = await this.downloads.idsOfRequests(ids, tx);
    await this.exportFiles.discard(await this.downloads.fileIdsOf(downloads, tx), tx);
    await this.keystore.shred([...ids, ...downloads], tx);
    await this.outbox.deleteForSubjects(tx, ids);
    // Downloads go with their request (ON DELETE CASCADE).
    return this.requests.deleteByIds(ids, tx);
  }
}

/**
 * Access packages whose download link has expired (PRIVACY_DOWNLOAD_DAYS): their files deleted
 * with their keys shredded (the exports module's own purge may have done so already), then the row.
 */
class AccessPackageDownloads extends BatchTarget {
  readonly kind = 'privacy_request_downloads';
  readonly rule =
    'an access package when its download link expires (a few days after it was sent), its key shredded first';

  constructor(
    transactions: Transactions,
    private readonly downloads: PrivacyRequestDownloadsRepository,
    private readonly keystore: KeystoreService,
    private readonly exportFiles: ExportsService,
  ) {
    super(transactions);
  }

  countDue(at: Date): Promise<number> {
    return this.downloads.countExpired(at);
  }

  protected lockDue(at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return this.downloads.lockExpired(at, limit, tx);
  }

  protected async purge(tx: EntityManager, ids: string[]): Promise<number> {
    await this.exportFiles.discard(await this.downloads.fileIdsOf(ids, tx), tx);
    // Packages made before they were jobs are encrypted under their row's own key.
    await this.keystore.shred(ids, tx);
    return this.downloads.deleteByIds(ids, tx);
  }
}

/** The address and texts of requests closed ADDRESS_GRACE_DAYS ago whose closing mail never went. */
class ClosedRequestAddresses extends BatchTarget {
  readonly kind = 'privacy_request_addresses';
  readonly rule =
    '(not a deletion) the address and details of a closed request whose closing mail never went, 7 days after closing';

  constructor(
    transactions: Transactions,
    private readonly requests: PrivacyRequestsRepository,
    private readonly mailer: PrivacyRequestMailer,
  ) {
    super(transactions);
  }

  countDue(at: Date): Promise<number> {
    return this.requests.countAddressesDue(addDays(at, -ADDRESS_GRACE_DAYS));
  }

  protected lockDue(at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return this.requests.lockAddressesDue(addDays(at, -ADDRESS_GRACE_DAYS), limit, tx);
  }

  protected purge(tx: EntityManager, ids: string[]): Promise<number> {
    return this.mailer.removePersonalData(tx, ids);
  }
}

/**
 * The provider's erasure feed: a notice goes once acknowledged, or, unacknowledged, after the
 * privacy-request retention period (the provider's copies are past their own retention by then).
 */
class ProviderNotices extends BatchTarget {
  readonly kind = 'provider_erasure_notices';
  readonly rule =
    'a notice to the provider once acknowledged, or once the retention period of privacy-request records has passed since it was made';

  constructor(
    transactions: Transactions,
    private readonly months: number,
    private readonly notices: ProviderErasureNoticesRepository,
  ) {
    super(transactions);
  }

  countDue(at: Date): Promise<number> {
    return this.notices.countDue(at, addMonths(at, -this.months));
  }

  protected lockDue(at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return this.notices.lockDue(at, addMonths(at, -this.months), limit, tx);
  }

  protected purge(tx: EntityManager, ids: string[]): Promise<number> {
    return this.notices.deleteByIds(ids, tx);
  }
}

/** Registers the privacy-request module's records with the retention run. */
@Injectable()
export class PrivacyRequestRetention implements OnModuleInit {
  readonly targets: RetentionTarget[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    transactions: Transactions,
    requests: PrivacyRequestsRepository,
    downloads: PrivacyRequestDownloadsRepository,
    notices: ProviderErasureNoticesRepository,
    keystore: KeystoreService,
    outbox: MailOutboxService,
    mailer: PrivacyRequestMailer,
    exportFiles: ExportsService,
    private readonly registry: RetentionRegistry,
  ) {
    const months = config.privacyRequests.retentionMonths;
    this.targets = [
      new AccessPackageDownloads(transactions, downloads, keystore, exportFiles),
      new ClosedRequestAddresses(transactions, requests, mailer),
      new PrivacyRequestRecords(transactions, months, requests, downloads, keystore, outbox, exportFiles),
      new ProviderNotices(transactions, months, notices),
    ];
  }

  onModuleInit(): void {
    for (const target of this.targets) this.registry.register(target);
  }
}
