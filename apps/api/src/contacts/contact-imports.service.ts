import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BackgroundWork } from '../common/background-work';
import { Clock } from '../common/clock';
import { notFound } from '../common/errors';
import { ROOT_LOGGER } from '../common/logger';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import {
  ContactImport,
  ContactImportIssue,
  ImportFormat,
  ImportIssueSeverity,
  ImportStatus,
} from './contact-import.entity';
import { ContactFields, RowIssue, validateContactRow } from './contact-row';
import { encryptContactFields } from './contact-crypto';
import { ContactImportsRepository, ImportIssueRow, ImportRunLock } from './contact-imports.repository';
import { ContactsRepository } from './contacts.repository';
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

type PendingIssue = RowIssue & ImportIssueRow;

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
    private readonly imports: ContactImportsRepository,
    private readonly contacts: ContactsRepository,
    private readonly transactions: Transactions,
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
    if (!this.imports.connected) return;
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
    const unfinished = await this.imports.unfinishedOfOthers(this.ownerId);
    if (unfinished.length === 0) return [];
    const failed = await this.imports.failAbandoned(unfinished, this.ownerId, INTERRUPTED, this.clock.now());
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
    let lock: ImportRunLock | null = null;
    let job: ContactImport;
    try {
      lock = await this.imports.lockRun(id);
      job = await this.transactions.run(async (manager) => {
        const created = await this.imports.createQueued(
          {
            id,
            format,
            status: ImportStatus.Queued,
            sizeBytes: String(staged.sizeBytes),
            totalRows: staged.totalRows,
            createdBy: actorId,
            ownerId: this.ownerId,
          },
          LEASE_MS,
          manager,
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
      await lock?.release();
      throw error;
    }
    const owned = lock;
    this.background.start(job.id, () => this.process(job, staged, owned).finally(() => owned.release()));
    return job;
  }

  /** Resolves when the import has finished (for tests and the demo loader). */
  async settled(id: string): Promise<void> {
    await this.background.settled(id);
  }

  async get(id: string): Promise<ContactImport> {
    const job = await this.imports.findById(id);
    if (!job) throw notFound('No contact import has this id.');
    return job;
  }

  async list(query: PageQueryDto): Promise<Page<ContactImport>> {
    const [items, total] = await this.imports.page(query);
    return toPage(items, total, query);
  }

  async issues(
    id: string,
    query: PageQueryDto & { severity?: ImportIssueSeverity },
  ): Promise<Page<ContactImportIssue>> {
    await this.get(id);
    const [items, total] = await this.imports.issuesPage(id, query);
    return toPage(items, total, query);
  }

  private async process(job: ContactImport, staged: StagedFile, lock: ImportRunLock): Promise<void> {
    const counts: Counts = { processed: 0, created: 0, updated: 0, rejected: 0, warnings: 0 };
    // The lease is renewed on the lock's own connection, whatever a batch is doing meanwhile.
    let renewing: Promise<unknown> = Promise.resolve();
    const heartbeat = setInterval(() => {
      renewing = lock.renewLease(this.ownerId, LEASE_MS).catch(() => undefined);
    }, LEASE_MS / 3);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await this.imports.updateOwned(job.id, this.ownerId, {
        status: ImportStatus.Running,
        startedAt: this.clock.now(),
      });
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
      await this.imports
        .updateOwned(job.id, this.ownerId, {
          status: ImportStatus.Failed,
          failureReason: reason,
          finishedAt: this.clock.now(),
          leaseExpiresAt: null,
        })
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
    const { valid, batchCounts } = checkRows(rows, today, issues);
    await this.transactions.run(async (manager) => {
      await this.imports.lockBatches(manager);
      const { created, updated } = await this.upsert(manager, importId, valid);
      await this.imports.insertIssues(importId, issues, manager);
      counts.processed += rows.length;
      counts.created += created;
      counts.updated += updated + batchCounts.duplicates;
      counts.rejected += batchCounts.rejected;
      counts.warnings += batchCounts.warnings;
      // Only while this process still owns the import: otherwise the batch is rolled back.
      const owned = await this.imports.recordProgress(
        importId,
        this.ownerId,
        {
          processedRows: counts.processed,
          created: counts.created,
          updated: counts.updated,
          rejected: counts.rejected,
          warnings: counts.warnings,
        },
        last ? this.clock.now() : null,
        manager,
      );
      if (!owned) throw new LeaseLost();
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
    const found = await this.contacts.idsByEmailIndex(indexes, manager);
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
    await this.contacts.upsertImported(
      {
        ids,
        emailIndexes: columns.map((c) => c.emailIndex),
        emailCiphertexts: columns.map((c) => c.emailCiphertext),
        nameCiphertexts: columns.map((c) => c.nameCiphertext),
        registrationNumbersCiphertexts: columns.map((c) => c.registrationNumbersCiphertext),
        countries: contacts.map((c) => c.country),
        segments: contacts.map((c) => c.segment),
        roles: contacts.map((c) => c.role),
        relationshipSince: contacts.map((c) => c.relationshipSince),
        platforms: contacts.map((c) => c.platform),
        languages: contacts.map((c) => c.language),
      },
      now,
      importId,
      manager,
    );
    return { created: newIds.length, updated: contacts.length - newIds.length };
  }
}

/**
 * Checks each row of a batch: the issues found are added to `issues`, and the valid rows are
 * given by address (a later row with an address an earlier one had replaces it).
 */
function checkRows(
  rows: RawRow[],
  today: Date,
  issues: PendingIssue[],
): { valid: ContactFields[]; batchCounts: { rejected: number; warnings: number; duplicates: number } } {
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
  return { valid: [...valid.values()].map((v) => v.contact), batchCounts };
}

class Interrupted extends Error {}

/** Another server found this import's lease run out and marked it failed. */
class LeaseLost extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
