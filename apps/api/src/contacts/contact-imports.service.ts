import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BackgroundWork } from '../common/background-work';
import { Clock } from '../common/clock';
import { ROOT_LOGGER } from '../common/logger';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import {
  ContactImport,
  ContactImportIssue,
  ImportFormat,
  ImportIssueSeverity,
  ImportStatus,
} from './contact-import.entity';
import { ContactFields, RowIssue, validateContactRow } from './contact-row';
import { encryptContactFields } from './contact-crypto';
import {
  importFormatOf,
  RawRow,
  readStaged,
  removeAllStaged,
  removeStaged,
  StagedFile,
  stageUpload,
} from './import-staging';

const BATCH_SIZE = 500;
/** Batches of all imports take turns, so two files naming one new address cannot both create it. */
const IMPORT_LOCK = 0x636f6e74; // 'cont'
/** Key of the session-level advisory lock its owner holds while an import runs. */
const IMPORT_RUN_LOCK = 0x696d7072; // 'impr'
/** How long an import's lease lasts; its owner renews it every third of that. */
const LEASE_MS = 30_000;
/** How often unfinished imports are checked for an owner that is gone. */
const SWEEP_MS = 15_000;
const INTERRUPTED = 'interrupted: the server stopped during the import';

interface Counts {
  processed: number;
  created: number;
  updated: number;
  rejected: number;
  warnings: number;
}

interface PendingIssue extends RowIssue {
  row: number;
  severity: ImportIssueSeverity;
}

/**
 * Contact imports: the upload is checked and staged within the request, then processed in the
 * background in batches, each batch in one transaction with its progress and row report.
 */
@Injectable()
export class ContactImportsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly stagingRoot: string;
  private readonly stagingDirectory: string;
  private readonly background = new BackgroundWork();
  /** This process, as the owner of the imports it runs. */
  private readonly ownerId = `${process.pid}-${randomUUID()}`;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
    private readonly keystore: KeystoreService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.logger = rootLogger.child({ component: 'contact-imports' });
    this.stagingRoot = join(config.dataDir, 'tmp', 'imports');
    this.stagingDirectory = join(this.stagingRoot, this.ownerId);
  }

  /** Imports whose server is gone are marked failed at start, then checked for periodically. */
  async onApplicationBootstrap(): Promise<void> {
    this.removeOrphanedStaging();
    if (!this.dataSource.isInitialized) return;
    await this.failInterrupted();
    this.sweeper = setInterval(() => {
      this.failInterrupted().catch((error: Error) =>
        this.logger.warn({ err: { type: error.name } }, 'check for interrupted imports failed'),
      );
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Waits for imports in flight to stop at their next batch boundary (they are marked failed),
   * before the database pool closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.background.stop();
    removeAllStaged(this.stagingDirectory);
  }

  /**
   * Marks failed every unfinished import that no live server runs: its owner's database session
   * (which holds the import's advisory lock) is gone, or its lease ran out. Its staged file can
   * never be read again (the key died with the process) and is removed from this host.
   * @returns the ids marked failed
   */
  async failInterrupted(): Promise<string[]> {
    const unfinished: { id: string; expired: boolean }[] = await this.dataSource.query(
      `SELECT id, (lease_expires_at IS NULL OR lease_expires_at < now()) AS expired
         FROM contact_imports WHERE status IN ('queued', 'running') AND owner_id IS DISTINCT FROM $1`,
      [this.ownerId],
    );
    if (unfinished.length === 0) return [];
    const runner = this.dataSource.createQueryRunner();
    const failed: string[] = [];
    try {
      await runner.connect();
      for (const { id, expired } of unfinished) {
        if (!expired) {
          const [{ free }] = await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [
            IMPORT_RUN_LOCK,
            id,
          ]);
          if (!free) continue;
          await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [IMPORT_RUN_LOCK, id]);
        }
        const [, affected] = (await runner.query(
          `UPDATE contact_imports SET status = 'failed', failure_reason = $2, finished_at = $3, lease_expires_at = NULL
            WHERE id = $1 AND status IN ('queued', 'running') AND owner_id IS DISTINCT FROM $4`,
          [id, INTERRUPTED, this.clock.now(), this.ownerId],
        )) as [unknown, number];
        if (affected === 1) failed.push(id);
      }
    } finally {
      await runner.release();
    }
    if (failed.length > 0) {
      this.logger.warn({ importIds: failed }, 'imports interrupted by a stopped server marked failed');
      this.removeOrphanedStaging();
    }
    return failed;
  }

  /**
   * Staged files of processes that are gone can never be read (their keys died with them). A
   * folder named for this process id but not this instance was left by an earlier process that
   * had the same id (as in a container, where the server is often process 1).
   */
  private removeOrphanedStaging(): void {
    if (!existsSync(this.stagingRoot)) return;
    for (const entry of readdirSync(this.stagingRoot)) {
      if (entry === this.ownerId) continue;
      const pid = Number(entry.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || !isAlive(pid))) {
        removeAllStaged(join(this.stagingRoot, entry));
      }
    }
  }

  async start(
    actorId: string,
    body: Readable,
    contentType: string | undefined,
    contentLength: string | undefined,
  ): Promise<ContactImport> {
    const format = importFormatOf(contentType);
    const maxBytes =
      format === ImportFormat.Json ? this.config.delivery.importJsonMaxBytes : this.config.delivery.importMaxBytes;
    const declaredLength = contentLength !== undefined && /^\d+$/.test(contentLength) ? Number(contentLength) : null;
    const staged = await stageUpload(body, { format, maxBytes, declaredLength, directory: this.stagingDirectory });
    // The run's lock is taken before the import exists, so nobody ever sees it unowned.
    const id = randomUUID();
    let lock: QueryRunner | null = null;
    let job: ContactImport;
    try {
      lock = this.dataSource.createQueryRunner();
      await lock.connect();
      await lock.query('SELECT pg_advisory_lock($1, hashtext($2))', [IMPORT_RUN_LOCK, id]);
      job = await this.dataSource.transaction(async (manager) => {
        const created = await manager.save(
          manager.create(ContactImport, {
            id,
            format,
            status: ImportStatus.Queued,
            sizeBytes: String(staged.sizeBytes),
            totalRows: staged.totalRows,
            createdBy: actorId,
            ownerId: this.ownerId,
          }),
        );
        await manager.query(
          `UPDATE contact_imports SET lease_expires_at = now() + $2 * interval '1 millisecond' WHERE id = $1`,
          [id, LEASE_MS],
        );
        await this.audit.record(
          {
            action: 'contact_import.started',
            resourceType: 'contact_import',
            resourceId: created.id,
            details: { format, sizeBytes: staged.sizeBytes, totalRows: staged.totalRows },
          },
          manager,
        );
        return created;
      });
    } catch (error) {
      removeStaged(staged.path);
      await releaseLock(lock, id);
      throw error;
    }
    const owned = lock;
    this.background.start(job.id, () => this.process(job, staged, owned).finally(() => releaseLock(owned, id)));
    return job;
  }

  /** Resolves when the import has finished (for tests and the demo loader). */
  async settled(id: string): Promise<void> {
    await this.background.settled(id);
  }

  async get(id: string): Promise<ContactImport> {
    const job = await this.dataSource.getRepository(ContactImport).findOneBy({ id });
    if (!job) throw new NotFoundException('No contact import has this id.');
    return job;
  }

  async list(query: PageQueryDto): Promise<Page<ContactImport>> {
    const [items, total] = await this.dataSource.getRepository(ContactImport).findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return toPage(items, total, query);
  }

  async issues(
    id: string,
    query: PageQueryDto & { severity?: ImportIssueSeverity },
  ): Promise<Page<ContactImportIssue>> {
    await this.get(id);
    const [items, total] = await this.dataSource.getRepository(ContactImportIssue).findAndCount({
      where: { importId: id, ...(query.severity ? { severity: query.severity } : {}) },
      order: { row: 'ASC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return toPage(items, total, query);
  }

  private async process(job: ContactImport, staged: StagedFile, lock: QueryRunner): Promise<void> {
    const repository = this.dataSource.getRepository(ContactImport);
    const counts: Counts = { processed: 0, created: 0, updated: 0, rejected: 0, warnings: 0 };
    // The lease is renewed on the lock's own connection, whatever a batch is doing meanwhile.
    let renewing: Promise<unknown> = Promise.resolve();
    const heartbeat = setInterval(() => {
      renewing = lock
        .query(
          `UPDATE contact_imports SET lease_expires_at = now() + $3 * interval '1 millisecond'
            WHERE id = $1 AND owner_id = $2 AND status IN ('queued', 'running')`,
          [job.id, this.ownerId, LEASE_MS],
        )
        .catch(() => undefined);
    }, LEASE_MS / 3);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await repository.update(
        { id: job.id, ownerId: this.ownerId },
        { status: ImportStatus.Running, startedAt: this.clock.now() },
      );
      const today = this.clock.now();
      const headerWarnings: PendingIssue[] = staged.ignoredColumns.map((column) => ({
        row: 1,
        field: column,
        severity: ImportIssueSeverity.Warning,
        reason: 'is not a contact field; the column was not imported',
      }));
      let batch: RawRow[] = [];
      for await (const row of readStaged(staged)) {
        batch.push(row);
        if (batch.length < BATCH_SIZE) continue;
        if (this.background.stopping) throw new Interrupted();
        await this.writeBatch(job.id, batch, today, counts, headerWarnings.splice(0));
        batch = [];
      }
      await this.writeBatch(job.id, batch, today, counts, headerWarnings.splice(0), true);
      this.logger.info({ importId: job.id, ...counts }, 'contact import completed');
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.logger.warn({ importId: job.id }, 'contact import stopped: another server marked it interrupted');
        return;
      }
      const reason =
        error instanceof Interrupted
          ? INTERRUPTED
          : 'the import failed on a server error; rows written before it are kept';
      this.logger.error(
        { importId: job.id, err: { type: (error as Error).name, code: (error as { code?: string }).code } },
        'contact import failed',
      );
      await repository
        .update(
          { id: job.id, ownerId: this.ownerId },
          { status: ImportStatus.Failed, failureReason: reason, finishedAt: this.clock.now(), leaseExpiresAt: null },
        )
        .catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      await renewing;
      removeStaged(staged.path);
    }
  }

  private async writeBatch(
    importId: string,
    rows: RawRow[],
    today: Date,
    counts: Counts,
    issues: PendingIssue[],
    last = false,
  ): Promise<void> {
    const valid = new Map<string, { row: number; contact: ContactFields }>();
    const batchCounts = { rejected: 0, warnings: issues.length, duplicates: 0 };
    for (const raw of rows) {
      if (raw.fieldCount) {
        batchCounts.rejected++;
        issues.push({
          row: raw.row,
          field: 'row',
          severity: ImportIssueSeverity.Error,
          reason:
            raw.fieldCount.expected === 1
              ? 'must be an object'
              : `has ${raw.fieldCount.got} fields where the header has ${raw.fieldCount.expected}`,
        });
        continue;
      }
      const result = validateContactRow(raw.values, today);
      for (const warning of result.warnings)
        issues.push({ row: raw.row, severity: ImportIssueSeverity.Warning, ...warning });
      batchCounts.warnings += result.warnings.length;
      if (!result.ok) {
        batchCounts.rejected++;
        for (const error of result.errors) issues.push({ row: raw.row, severity: ImportIssueSeverity.Error, ...error });
        continue;
      }
      // A later row with the same address updates the contact an earlier row created.
      if (valid.has(result.contact.email)) batchCounts.duplicates++;
      valid.set(result.contact.email, { row: raw.row, contact: result.contact });
    }

    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      const { created, updated } = await this.upsert(
        manager,
        importId,
        [...valid.values()].map((v) => v.contact),
      );
      await insertIssues(manager, importId, issues);
      counts.processed += rows.length;
      counts.created += created;
      counts.updated += updated + batchCounts.duplicates;
      counts.rejected += batchCounts.rejected;
      counts.warnings += batchCounts.warnings;
      // Only while this process still owns the import: otherwise the batch is rolled back.
      const progress = await manager
        .createQueryBuilder()
        .update(ContactImport)
        .set({
          processedRows: counts.processed,
          created: counts.created,
          updated: counts.updated,
          rejected: counts.rejected,
          warnings: counts.warnings,
          ...(last ? { status: ImportStatus.Completed, finishedAt: this.clock.now(), leaseExpiresAt: null } : {}),
        })
        .where('id = :importId AND owner_id = :owner AND status = :running', {
          importId,
          owner: this.ownerId,
          running: ImportStatus.Running,
        })
        .execute();
      if (progress.affected !== 1) throw new LeaseLost();
      if (last) {
        await this.audit.record(
          {
            action: 'contact_import.completed',
            resourceType: 'contact_import',
            resourceId: importId,
            details: {
              rows: counts.processed,
              created: counts.created,
              updated: counts.updated,
              rejected: counts.rejected,
              warnings: counts.warnings,
            },
          },
          manager,
        );
      }
    });
  }

  /** Creates contacts for new addresses and updates those already known, by blind index. */
  private async upsert(
    manager: EntityManager,
    importId: string,
    contacts: ContactFields[],
  ): Promise<{ created: number; updated: number }> {
    if (contacts.length === 0) return { created: 0, updated: 0 };
    const indexes = contacts.map((contact) => this.keystore.emailIndex(contact.email));
    const found: { id: string; email_index: Buffer }[] = await manager.query(
      'SELECT id, email_index FROM contacts WHERE email_index = ANY($1::bytea[])',
      [indexes],
    );
    const existingIds = new Map(found.map((row) => [row.email_index.toString('hex'), row.id]));
    const ids = indexes.map((index) => existingIds.get(index.toString('hex')) ?? randomUUID());
    const newIds = ids.filter((_, i) => !existingIds.has(indexes[i].toString('hex')));
    const keys = new Map([
      ...(await this.keystore.create(newIds, manager)),
      ...(await this.keystore.keysFor([...existingIds.values()], manager)),
    ]);
    const now = this.clock.now();
    const columns = contacts.map((contact, i) =>
      encryptContactFields(this.keystore.crypto, keys.get(ids[i])!, contact, indexes[i]),
    );
    const params = [
      ids,
      columns.map((c) => c.emailIndex),
      columns.map((c) => c.emailCiphertext),
      columns.map((c) => c.nameCiphertext),
      columns.map((c) => c.registrationNumbersCiphertext),
      contacts.map((c) => c.country),
      contacts.map((c) => c.segment),
      contacts.map((c) => c.role),
      contacts.map((c) => c.relationshipSince),
      contacts.map((c) => c.platform),
      contacts.map((c) => c.language),
      now,
      importId,
    ];
    await manager.query(
      `INSERT INTO contacts AS c (id, email_index, email_ciphertext, name_ciphertext, registration_numbers_ciphertext,
         country, segment, role, relationship_since, platform, language, collected_at, last_import_id)
       SELECT u.*, $12::timestamptz, $13::uuid
         FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[], $6::text[], $7::text[],
                     $8::text[], $9::date[], $10::text[], $11::text[]) AS u
       ON CONFLICT (id) DO UPDATE SET
         email_ciphertext = excluded.email_ciphertext, name_ciphertext = excluded.name_ciphertext,
         registration_numbers_ciphertext = excluded.registration_numbers_ciphertext, country = excluded.country,
         segment = excluded.segment, role = excluded.role, relationship_since = excluded.relationship_since,
         platform = excluded.platform, language = excluded.language, collected_at = excluded.collected_at,
         last_import_id = excluded.last_import_id, updated_at = now()`,
      params,
    );
    return { created: newIds.length, updated: contacts.length - newIds.length };
  }
}

async function insertIssues(manager: EntityManager, importId: string, issues: PendingIssue[]): Promise<void> {
  if (issues.length === 0) return;
  await manager.query(
    `INSERT INTO contact_import_issues (import_id, row, field, severity, reason)
     SELECT $1::uuid, u.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS u`,
    [
      importId,
      issues.map((i) => i.row),
      issues.map((i) => i.field),
      issues.map((i) => i.severity),
      issues.map((i) => i.reason),
    ],
  );
}

class Interrupted extends Error {}

/** Another server found this import's lease run out and marked it failed. */
class LeaseLost extends Error {}

async function releaseLock(lock: QueryRunner | null, id: string): Promise<void> {
  if (!lock) return;
  try {
    if (!lock.isReleased) await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [IMPORT_RUN_LOCK, id]);
  } catch {
    // A connection that failed takes its session locks with it.
  } finally {
    await lock.release().catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
