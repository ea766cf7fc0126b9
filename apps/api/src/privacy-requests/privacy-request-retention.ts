import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { RetentionRegistry, RetentionTarget } from '../retention/retention-registry';
import { addDays, addMonths } from './due-dates';
import { PrivacyRequestsService } from './privacy-requests.service';
import { returning } from './returning';

/**
 * A closed request's address, details and notes normally go as soon as the closing e-mail has
 * been sent (see PrivacyRequestsService). Should that e-mail stay queued (no sender running, a
 * crash between the two), they go this long after closing anyway.
 */
export const ADDRESS_GRACE_DAYS = 7;

/** A retention target whose rows are selected by one SQL condition on `at`, and purged in batches. */
abstract class BatchTarget implements RetentionTarget {
  abstract readonly kind: string;

  constructor(protected readonly dataSource: DataSource) {}

  /** `WHERE` condition of due rows (table aliased `t`) and its parameters, for `at`. */
  protected abstract due(at: Date): { table: string; sql: string; params: unknown[] };

  /** Deletes (or strips) the locked rows; returns how many. */
  protected abstract purge(manager: EntityManager, ids: string[]): Promise<number>;

  async countDue(at: Date): Promise<number> {
    const { table, sql, params } = this.due(at);
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM ${table} t WHERE ${sql}`,
      params,
    );
    return row.count;
  }

  async purgeBatch(at: Date, limit: number): Promise<number> {
    const { table, sql, params } = this.due(at);
    return this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: a row someone is working on waits for the next batch instead of stalling this one.
      const rows: { id: string }[] = await manager.query(
        `SELECT t.id FROM ${table} t WHERE ${sql} ORDER BY t.id LIMIT $${params.length + 1} FOR UPDATE SKIP LOCKED`,
        [...params, limit],
      );
      return rows.length === 0
        ? 0
        : this.purge(
            manager,
            rows.map((row) => row.id),
          );
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
    'a closed request’s record (type, dates, outcome; no address or details) PRIVACY_REQUEST_RETENTION_MONTHS after it was closed; an unconfirmed request when its confirmation link expires';

  constructor(
    dataSource: DataSource,
    private readonly months: number,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
  ) {
    super(dataSource);
  }

  protected due(at: Date) {
    return {
      table: 'privacy_requests',
      sql: `(t.closed_at IS NOT NULL AND t.closed_at <= $1) OR (t.status = 'received' AND t.verification_expires_at <= $2)`,
      params: [addMonths(at, -this.months), at],
    };
  }

  protected async purge(manager: EntityManager, ids: string[]): Promise<number> {
    const downloads: { id: string }[] = await manager.query(
      'SELECT id FROM privacy_request_downloads WHERE request_id = ANY($1::uuid[])',
      [ids],
    );
    await this.keystore.shred([...ids, ...downloads.map((d) => d.id)], manager);
    await this.outbox.deleteForSubjects(manager, ids);
    // Downloads go with their request (ON DELETE CASCADE).
    const deleted = await returning<unknown>(
      manager,
      'DELETE FROM privacy_requests WHERE id = ANY($1::uuid[]) RETURNING id',
      [ids],
    );
    return deleted.length;
  }
}

/** Access packages whose download link has expired (PRIVACY_DOWNLOAD_DAYS): key shredded, row deleted. */
class AccessPackageDownloads extends BatchTarget {
  readonly kind = 'privacy_request_downloads';
  readonly rule = 'an access package when its download link expires (PRIVACY_DOWNLOAD_DAYS), its key shredded first';

  constructor(
    dataSource: DataSource,
    private readonly keystore: KeystoreService,
  ) {
    super(dataSource);
  }

  protected due(at: Date) {
    return { table: 'privacy_request_downloads', sql: 't.expires_at <= $1', params: [at] };
  }

  protected async purge(manager: EntityManager, ids: string[]): Promise<number> {
    await this.keystore.shred(ids, manager);
    const deleted = await returning<unknown>(
      manager,
      'DELETE FROM privacy_request_downloads WHERE id = ANY($1::uuid[]) RETURNING id',
      [ids],
    );
    return deleted.length;
  }
}

/** The address and texts of requests closed ADDRESS_GRACE_DAYS ago whose closing mail never went. */
class ClosedRequestAddresses extends BatchTarget {
  readonly kind = 'privacy_request_addresses';
  readonly rule =
    '(not a deletion) the address and details of a closed request whose closing mail never went, 7 days after closing';

  constructor(
    dataSource: DataSource,
    private readonly requests: PrivacyRequestsService,
  ) {
    super(dataSource);
  }

  protected due(at: Date) {
    return {
      table: 'privacy_requests',
      sql: 't.closed_at <= $1 AND t.personal_data_removed_at IS NULL',
      params: [addDays(at, -ADDRESS_GRACE_DAYS)],
    };
  }

  protected purge(manager: EntityManager, ids: string[]): Promise<number> {
    return this.requests.removePersonalData(manager, ids);
  }
}

/**
 * The provider's erasure feed: a notice goes once acknowledged, or, unacknowledged, after the
 * privacy-request retention period (the provider's copies are past their own retention by then).
 */
class ProviderNotices extends BatchTarget {
  readonly kind = 'provider_erasure_notices';
  readonly rule = 'a notice to the provider once acknowledged, or PRIVACY_REQUEST_RETENTION_MONTHS after it was made';

  constructor(
    dataSource: DataSource,
    private readonly months: number,
  ) {
    super(dataSource);
  }

  protected due(at: Date) {
    return {
      table: 'provider_erasure_notices',
      sql: 't.acknowledged_at <= $1 OR t.created_at <= $2',
      params: [at, addMonths(at, -this.months)],
    };
  }

  protected async purge(manager: EntityManager, ids: string[]): Promise<number> {
    const deleted = await returning<unknown>(
      manager,
      'DELETE FROM provider_erasure_notices WHERE id = ANY($1::uuid[]) RETURNING id',
      [ids],
    );
    return deleted.length;
  }
}

/** Registers the privacy-request module's records with the retention run. */
@Injectable()
export class PrivacyRequestRetention implements OnModuleInit {
  readonly targets: RetentionTarget[];

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    keystore: KeystoreService,
    outbox: MailOutboxService,
    requests: PrivacyRequestsService,
    private readonly registry: RetentionRegistry,
  ) {
    const months = config.privacyRequests.retentionMonths;
    this.targets = [
      new AccessPackageDownloads(dataSource, keystore),
      new ClosedRequestAddresses(dataSource, requests),
      new PrivacyRequestRecords(dataSource, months, keystore, outbox),
      new ProviderNotices(dataSource, months),
    ];
  }

  onModuleInit(): void {
    for (const target of this.targets) this.registry.register(target);
  }
}
