import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { Clock } from '../common/clock';
import { conflict, forbidden, gone, notFound } from '../common/errors';
import { ROOT_LOGGER } from '../common/logger';
import { writeWithBackPressure } from '../common/write-with-back-pressure';
import { toPage, type Page, type PageQueryDto } from '../common/pagination';
import { invalidField } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { RawResponsesService } from '../ingestion/raw-responses.service';
import { JobContext, JobInterrupted, JobQueue, safeJobError } from '../jobs/job-queue';
import { ExportRenderer } from '../statistics/export-renderer';
import { EXPORT_CONTENT_TYPES, exportFileName } from '../statistics/exports';
import { ReportsService } from '../statistics/reports.service';
import type { ExportFormat } from '../statistics/statistics.dto';
import { SurveysService } from '../surveys/surveys.service';
import { ExportFile, ExportKind, ExportStatus } from './export-file.entity';
import { CreateExportDto, FORMATS_OF_KIND } from './exports.dto';
import { ExportsRepository } from './exports.repository';

export const EXPORT_TASK = 'exports.make';
export const EXPORT_PURGE_TASK = 'exports.purge';
/** Plaintext bytes per stored part: a download and a job hold about one part in memory at a time. */
export const PART_BYTES = 1024 * 1024;
/** Failed and expired exports' receipts are kept this long, then deleted. */
const RECEIPT_DAYS = 30;

const partContext = (exportId: string, seq: number) => `export.part:${exportId}:${seq}`;

/**
 * Exports made in the background (reports as PDF/XLSX/CSV, a survey's raw responses as JSON/CSV):
 * the request answers at once with the export's id, a job makes the file and stores it encrypted
 * under a key of its own, and its asker downloads it until it expires; then the file is deleted
 * and its key shredded. Whoever asked is the only one who can see or download it.
 */
@Injectable()
export class ExportsService {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: Transactions,
    private readonly files: ExportsRepository,
    private readonly keystore: KeystoreService,
    private readonly jobs: JobQueue,
    private readonly reports: ReportsService,
    private readonly renderer: ExportRenderer,
    private readonly rawResponses: RawResponsesService,
    private readonly surveys: SurveysService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'exports' });
    jobs.register(EXPORT_TASK, (payload, job) => this.make(String(payload.exportId), job));
    jobs.register(EXPORT_PURGE_TASK, () => this.purge().then(() => undefined));
    jobs.schedule(EXPORT_PURGE_TASK, '*/10 * * * *');
  }

  /** Checks the asker may read the source, records the export and queues its job, in one transaction. */
  async request(actor: StaffPrincipal, body: CreateExportDto): Promise<ExportFile> {
    if (!FORMATS_OF_KIND[body.kind].includes(body.format)) {
      throw invalidField('format', `format must be one of ${FORMATS_OF_KIND[body.kind].join(', ')} for this kind`);
    }
    if (body.kind === ExportKind.Report && body.updatedSince) {
      throw invalidField('updatedSince', 'updatedSince applies to raw-response exports only');
    }
    const publishedOnly = actor.role === StaffRole.Management;
    if (body.kind === ExportKind.Report) {
      await this.reports.get({ publishedOnly }, body.sourceId);
    } else {
      if (actor.role !== StaffRole.Analyst) throw forbidden('Only analysts may export raw responses.');
      await this.surveys.find(this.transactions.manager, body.sourceId);
    }
    const id = randomUUID();
    return this.transactions.run(async (tx) => {
      await this.files.insert(
        {
          id,
          kind: body.kind,
          sourceId: body.sourceId,
          format: body.format,
          options: body.kind === ExportKind.Responses ? { updatedSince: body.updatedSince?.toISOString() ?? null } : {},
          requestedBy: actor.userId,
          publishedOnly,
          createdAt: this.clock.now(),
        },
        tx,
      );
      await this.keystore.create([id], tx);
      await this.jobs.enqueue(tx, { task: EXPORT_TASK, payload: { exportId: id }, maxAttempts: 3 });
      await this.audit.record(
        {
          action: 'export.requested',
          resourceType: 'export',
          resourceId: id,
          details: { kind: body.kind, sourceId: body.sourceId, format: body.format },
        },
        tx,
      );
      return (await this.files.find(id, tx))!;
    });
  }

  /** An export of the asker's (404 for anyone else's: its existence is not theirs to know). */
  async get(actor: StaffPrincipal, id: string): Promise<ExportFile> {
    const file = await this.files.find(id);
    if (!file || file.requestedBy !== actor.userId) throw notFound('No export of yours has this id.');
    return file;
  }

  async list(actor: StaffPrincipal, query: PageQueryDto): Promise<Page<ExportFile>> {
    const [items, total] = await this.files.pageOf(actor.userId, query);
    return toPage(items, total, query);
  }

  /** Streams the decrypted file, one part at a time, with back-pressure; audited as a read of its source. */
  async download(actor: StaffPrincipal, id: string, res: Response): Promise<void> {
    const file = await this.get(actor, id);
    if (file.status === ExportStatus.Expired || (file.expiresAt && file.expiresAt <= this.clock.now())) {
      throw gone('This export has expired and its file was deleted; ask for a new one.', ProblemType.ExportExpired);
    }
    if (file.status !== ExportStatus.Ready) {
      throw conflict(
        file.status === ExportStatus.Failed
          ? 'This export failed; ask for a new one.'
          : 'This export is still being made; poll it until its status is ready.',
        ProblemType.ExportNotReady,
      );
    }
    const key = await this.keystore.keyFor(id);
    await this.audit.record({
      action: file.kind === ExportKind.Report ? 'report.exported' : 'responses.read',
      resourceType: file.kind === ExportKind.Report ? 'report' : 'survey',
      resourceId: file.sourceId,
      details: { format: file.format, exportId: id, ...(file.kind === ExportKind.Responses ? { whole: true } : {}) },
    });
    res.status(200).type(file.contentType!).attachment(file.fileName!);
    res.setHeader('Content-Length', String(file.byteSize));
    res.setHeader('Cache-Control', 'no-store');
    for (let seq = 0; seq < file.partCount && !res.destroyed; seq++) {
      const data = await this.files.part(id, seq);
      if (!data) break;
      await writeWithBackPressure(res, this.keystore.crypto.decryptBytes(key, data, partContext(id, seq)));
    }
    res.end();
  }

  /** The job: makes the file from scratch (an interrupted attempt's parts are dropped first). */
  async make(id: string, job: JobContext): Promise<void> {
    const file = await this.transactions.run((tx) => this.files.start(id, tx));
    if (!file) return; // expired, failed for good or deleted meanwhile
    try {
      const key = await this.keystore.keyFor(id);
      const sink = new PartSink(id, (seq, bytes, rows) =>
        this.files.addPart(
          { exportId: id, seq, data: this.keystore.crypto.encryptBytes(key, bytes, partContext(id, seq)) },
          rows,
        ),
      );
      const named =
        file.kind === ExportKind.Report ? await this.report(file, sink) : await this.responses(file, sink, job);
      const byteSize = await sink.close();
      const now = this.clock.now();
      await this.files.finish(id, {
        ...named,
        byteSize: String(byteSize),
        finishedAt: now,
        expiresAt: new Date(now.getTime() + this.config.exports.ttlHours * 3_600_000),
      });
    } catch (error) {
      if (error instanceof JobInterrupted || !job.lastAttempt) throw error;
      const reason = safeJobError(error);
      this.logger.warn({ exportId: id, error: reason }, 'export failed');
      await this.files.fail(id, `The export could not be made (${reason}).`, this.clock.now());
      throw error;
    }
  }

  private async report(file: ExportFile, sink: PartSink): Promise<{ fileName: string; contentType: string }> {
    const format = file.format as ExportFormat;
    const report = await this.reports.get({ publishedOnly: file.publishedOnly }, file.sourceId);
    await sink.write(await this.renderer.render(report, format), 0);
    return { fileName: exportFileName(report, format), contentType: EXPORT_CONTENT_TYPES[format] };
  }

  private async responses(
    file: ExportFile,
    sink: PartSink,
    job: JobContext,
  ): Promise<{ fileName: string; contentType: string }> {
    const format = file.format as 'json' | 'csv';
    const since = file.options.updatedSince ? new Date(file.options.updatedSince) : undefined;
    await this.files.setTotal(file.id, await this.rawResponses.count(file.sourceId, since));
    let rows = 0;
    for await (const piece of this.rawResponses.document(file.sourceId, format, since)) {
      if (job.stopping) throw new JobInterrupted();
      if (piece.rows >= 0) rows = piece.rows;
      await sink.write(Buffer.from(piece.text, 'utf8'), rows);
    }
    return {
      fileName: `responses-${file.sourceId}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    };
  }

  /** Deletes expired files (shredding their keys) and old receipts; returns how many files went. */
  async purge(): Promise<number> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - RECEIPT_DAYS * 86_400_000);
    let purged = 0;
    for (;;) {
      const ids = await this.transactions.run(async (tx) => {
        const expired = await this.files.expiredIds(now, tx);
        if (expired.length === 0) return expired;
        await this.files.expire(expired, tx);
        await this.keystore.shred(expired, tx);
        return expired;
      });
      purged += ids.length;
      if (ids.length === 0) break;
    }
    await this.transactions.run(async (tx) => {
      const old = await this.files.oldReceiptIds(before, tx);
      if (old.length === 0) return;
      await this.keystore.shred(old, tx);
      await this.files.deleteReceipts(old, tx);
    });
    return purged;
  }
}

/**
 * Cuts a stream of bytes into parts of PART_BYTES and hands each to `store`; holds at most one
 * part's bytes (plus the piece being added) at a time.
 */
export class PartSink {
  private buffered: Buffer[] = [];
  private size = 0;
  private seq = 0;
  private total = 0;
  private rows = 0;

  constructor(
    readonly exportId: string,
    private readonly store: (seq: number, bytes: Buffer, rows: number) => Promise<void>,
  ) {}

  async write(bytes: Buffer, rows: number): Promise<void> {
    this.rows = rows;
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(PART_BYTES - this.size, bytes.length - offset);
      this.buffered.push(bytes.subarray(offset, offset + take));
      this.size += take;
      offset += take;
      if (this.size === PART_BYTES) await this.flush();
    }
  }

  /** Stores what is left; returns the file's size in bytes. */
  async close(): Promise<number> {
    if (this.size > 0 || this.seq === 0) await this.flush();
    return this.total;
  }

  private async flush(): Promise<void> {
    const part = Buffer.concat(this.buffered, this.size);
    this.buffered = [];
    this.total += this.size;
    this.size = 0;
    await this.store(this.seq++, part, this.rows);
  }
}
