import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound } from '../common/errors';
import { ROOT_LOGGER } from '../common/logger';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { JobContext, JobError, JobInterrupted, JobQueue } from '../jobs/job-queue';
import { waitUntil } from '../jobs/wait-until';
import {
  ContactImport,
  ContactImportIssue,
  ImportFormat,
  ImportIssueSeverity,
  ImportStatus,
} from './contact-import.entity';
import { ContactFields, RowIssue, validateContactRow } from './contact-row';
import { encryptContactFields } from './contact-crypto';
import { ContactImportsRepository, ImportIssueRow } from './contact-imports.repository';
import { ContactsRepository } from './contacts.repository';
import { importFormatOf, RawRow, readStagedFrom, removeAllStaged, removeStaged, stageUpload } from './import-staging';

const BATCH_SIZE = 500;
/** The job that imports a staged file (payload: the import's id). */
export const CONTACT_IMPORT_TASK = 'contacts.import';
/** The context under which a staged file's key is encrypted. */
const FILE_KEY_CONTEXT = 'contact-import:file-key';

interface Counts {
  processed: number;
  created: number;
  updated: number;
  rejected: number;
  warnings: number;
}

type PendingIssue = RowIssue & ImportIssueRow;

/**
 * Contact imports: the upload is checked within the request and staged, encrypted, in the
 * database with a job on the queue, in one transaction; a worker then imports it in batches, each
 * batch in one transaction with its progress and row report. A job that stops or dies half-way
 * is run again and carries on after the rows already recorded (the progress is exact, batch by
 * batch). The staged file and its key go when the import finishes.
 */
@Injectable()
export class ContactImportsService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly stagingRoot: string;
  private readonly stagingDirectory: string;
  /** This process: names the folder where uploads wait while they are received. */
  private readonly ownerId = `${process.pid}-${randomUUID()}`;

  constructor(
    private readonly imports: ContactImportsRepository,
    private readonly contacts: ContactsRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
    private readonly keystore: KeystoreService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
  ) {
    this.logger = rootLogger.child({ component: 'contact-imports' });
    this.stagingRoot = join(config.dataDir, 'tmp', 'imports');
    this.stagingDirectory = join(this.stagingRoot, this.ownerId);
  }

  onModuleInit(): void {
    this.jobs.register(CONTACT_IMPORT_TASK, (payload, job) => this.process(String(payload.importId), job));
  }

  /** Uploads being received by a process that is gone are removed from this host. */
  onApplicationBootstrap(): void {
    this.removeOrphanedStaging();
  }

  beforeApplicationShutdown(): void {
    removeAllStaged(this.stagingDirectory);
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
    try {
      return await this.transactions.run(async (manager) => {
        const created = await this.imports.createQueued(
          {
            format,
            status: ImportStatus.Queued,
            sizeBytes: String(staged.sizeBytes),
            totalRows: staged.totalRows,
            createdBy: actorId,
            ignoredColumns: staged.ignoredColumns,
          },
          manager,
        );
        // The file's key, under a data key of the import's own: dropping both shreds the staged copy.
        const importKey = this.keystore.crypto.newSubjectKey(created.id);
        await this.imports.stageFile(
          created.id,
          {
            path: staged.path,
            keyWrapped: importKey.wrapped,
            keyCiphertext: this.keystore.crypto.encrypt(importKey.key, staged.key.toString('base64'), FILE_KEY_CONTEXT),
            iv: staged.iv,
            tag: staged.tag,
          },
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
        await this.jobs.enqueue(manager, {
          task: CONTACT_IMPORT_TASK,
          payload: { importId: created.id },
          jobKey: `contact-import:${created.id}`,
        });
        return created;
      });
    } finally {
      removeStaged(staged.path);
    }
  }

  /** Resolves when the import has finished, on whichever worker (tests, the demo loader). */
  async settled(id: string): Promise<void> {
    await waitUntil(async () => {
      const { status } = await this.get(id);
      return status === ImportStatus.Completed || status === ImportStatus.Failed;
    });
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

  /**
   * The import job: reads the staged file from the database, skips the rows an earlier attempt
   * recorded, and imports the rest in batches. It stops between batches when the worker stops
   * (the job runs again); on its last attempt a failure marks the import failed.
   */
  private async process(importId: string, job: JobContext): Promise<void> {
    const found = await this.imports.findById(importId);
    if (!found || found.status === ImportStatus.Completed || found.status === ImportStatus.Failed) return;
    const counts: Counts = {
      processed: found.processedRows,
      created: found.created,
      updated: found.updated,
      rejected: found.rejected,
      warnings: found.warnings,
    };
    try {
      if (found.status === ImportStatus.Queued) {
        await this.imports.update(importId, { status: ImportStatus.Running, startedAt: this.clock.now() });
      }
      const staged = await this.imports.stagedFile(importId);
      if (!staged) throw new JobError('the staged file is missing');
      const key = Buffer.from(
        this.keystore.crypto.decrypt(
          this.keystore.crypto.unwrap(importId, staged.keyWrapped),
          staged.keyCiphertext,
          FILE_KEY_CONTEXT,
        ),
        'base64',
      );
      const today = this.clock.now();
      const skip = counts.processed;
      const headerWarnings: PendingIssue[] =
        skip > 0
          ? []
          : found.ignoredColumns.map((column) => ({
              row: 1,
              field: column,
              severity: ImportIssueSeverity.Warning,
              reason: 'is not a contact field; the column was not imported',
            }));
      const rows = readStagedFrom(this.imports.stagedChunks(importId), {
        format: found.format,
        key,
        iv: staged.iv,
        tag: staged.tag,
      });
      let seen = 0;
      let batch: RawRow[] = [];
      for await (const row of rows) {
        if (seen++ < skip) continue;
        batch.push(row);
        if (batch.length < BATCH_SIZE) continue;
        if (job.stopping) throw new JobInterrupted();
        await this.writeBatch(importId, batch, today, counts, headerWarnings.splice(0));
        batch = [];
      }
      await this.writeBatch(importId, batch, today, counts, headerWarnings.splice(0), true);
      this.logger.info({ importId, ...counts }, 'contact import completed');
    } catch (error) {
      if (error instanceof JobInterrupted || !job.lastAttempt) throw error;
      this.logger.error(
        { importId, err: { type: (error as Error).name, code: (error as { code?: string }).code } },
        'contact import failed',
      );
      await this.transactions.run(async (manager) => {
        await this.imports.update(
          importId,
          {
            status: ImportStatus.Failed,
            failureReason: 'the import failed on a server error; rows written before it are kept',
            finishedAt: this.clock.now(),
          },
          manager,
        );
        await this.imports.dropStagedFile(importId, manager);
      });
      throw error;
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
      // Only while the import runs: otherwise the batch is rolled back.
      const running = await this.imports.recordProgress(
        importId,
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
      if (!running) throw new JobError('the import is no longer running');
      if (last) {
        await this.imports.dropStagedFile(importId, manager);
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
