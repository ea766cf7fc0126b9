import { Inject, Injectable, NotFoundException, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
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
/** A running import moves its heartbeat every batch; one silent this long was interrupted. */
const STALE_AFTER_MS = 5 * 60 * 1000;

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
export class ContactImportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly stagingRoot: string;
  private readonly stagingDirectory: string;
  private readonly background = new BackgroundWork();

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
    this.stagingDirectory = join(this.stagingRoot, `${process.pid}-${randomUUID()}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.removeOrphanedStaging();
    if (!this.dataSource.isInitialized) return;
    const stale = new Date(this.clock.now().getTime() - STALE_AFTER_MS);
    await this.dataSource.getRepository(ContactImport).update(
      { status: In([ImportStatus.Queued, ImportStatus.Running]), updatedAt: LessThan(stale) },
      {
        status: ImportStatus.Failed,
        failureReason: 'interrupted: the server stopped during the import',
        finishedAt: this.clock.now(),
      },
    );
  }

  /** Waits for imports in flight to stop at their next batch boundary; they are marked failed. */
  async onApplicationShutdown(): Promise<void> {
    await this.background.stop();
    removeAllStaged(this.stagingDirectory);
  }

  /** Staged files of processes that are gone can never be read (their keys died with them). */
  private removeOrphanedStaging(): void {
    if (!existsSync(this.stagingRoot)) return;
    for (const entry of readdirSync(this.stagingRoot)) {
      const pid = Number(entry.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) removeAllStaged(join(this.stagingRoot, entry));
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
    let job: ContactImport;
    try {
      job = await this.dataSource.transaction(async (manager) => {
        const created = await manager.save(
          manager.create(ContactImport, {
            format,
            status: ImportStatus.Queued,
            sizeBytes: String(staged.sizeBytes),
            totalRows: staged.totalRows,
            createdBy: actorId,
          }),
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
      throw error;
    }
    this.background.start(job.id, () => this.process(job, staged));
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

  private async process(job: ContactImport, staged: StagedFile): Promise<void> {
    const repository = this.dataSource.getRepository(ContactImport);
    const counts: Counts = { processed: 0, created: 0, updated: 0, rejected: 0, warnings: 0 };
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await repository.update(job.id, { status: ImportStatus.Running, startedAt: this.clock.now() });
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
      const reason =
        error instanceof Interrupted
          ? 'interrupted: the server stopped during the import'
          : 'the import failed on a server error; rows written before it are kept';
      this.logger.error(
        { importId: job.id, err: { type: (error as Error).name, code: (error as { code?: string }).code } },
        'contact import failed',
      );
      await repository
        .update(job.id, { status: ImportStatus.Failed, failureReason: reason, finishedAt: this.clock.now() })
        .catch(() => undefined);
    } finally {
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
      await manager.update(ContactImport, importId, {
        processedRows: counts.processed,
        created: counts.created,
        updated: counts.updated,
        rejected: counts.rejected,
        warnings: counts.warnings,
        ...(last ? { status: ImportStatus.Completed, finishedAt: this.clock.now() } : {}),
      });
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
