import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { ContactImport, ContactImportIssue, ImportIssueSeverity, ImportStatus } from './contact-import.entity';

/** Batches of all imports take turns, so two files naming one new address cannot both create it. */
const IMPORT_LOCK = 0x636f6e74; // 'cont'
/** Size of the pieces a staged file is stored in. */
const CHUNK_BYTES = 1024 * 1024;
export interface ImportIssueRow {
  row: number;
  field: string;
  severity: ImportIssueSeverity;
  reason: string;
}

export interface ImportProgress {
  processedRows: number;
  created: number;
  updated: number;
  rejected: number;
  warnings: number;
}

/** Contact imports and their row reports (tables `contact_imports`, `contact_import_issues`). */
@Injectable()
export class ContactImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Inserts a queued import. */
  createQueued(values: Partial<ContactImport>, tx: EntityManager): Promise<ContactImport> {
    return tx.save(tx.create(ContactImport, values));
  }

  /**
   * Stores the staged file (already encrypted on disk at `file.path`) in chunks, with its
   * encrypted key, for whichever worker runs the import.
   */
  async stageFile(
    importId: string,
    file: { path: string; keyWrapped: Buffer; keyCiphertext: Buffer; iv: Buffer; tag: Buffer },
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      `UPDATE contact_imports SET file_key_wrapped = $2, file_key_ciphertext = $3, file_iv = $4, file_tag = $5
        WHERE id = $1`,
      [importId, file.keyWrapped, file.keyCiphertext, file.iv, file.tag],
    );
    const stream = createReadStream(file.path, { highWaterMark: CHUNK_BYTES });
    let seq = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      await tx.query('INSERT INTO contact_import_chunks (import_id, seq, data) VALUES ($1, $2, $3)', [
        importId,
        seq++,
        chunk,
      ]);
    }
  }

  /** The staged file's key material, or null once the import has finished. */
  async stagedFile(
    importId: string,
  ): Promise<{ keyWrapped: Buffer; keyCiphertext: Buffer; iv: Buffer; tag: Buffer } | null> {
    const [row]: { w: Buffer | null; c: Buffer | null; iv: Buffer | null; tag: Buffer | null }[] =
      await this.dataSource.query(
        `SELECT file_key_wrapped AS w, file_key_ciphertext AS c, file_iv AS iv, file_tag AS tag
           FROM contact_imports WHERE id = $1`,
        [importId],
      );
    if (!row?.w || !row.c || !row.iv || !row.tag) return null;
    return { keyWrapped: row.w, keyCiphertext: row.c, iv: row.iv, tag: row.tag };
  }

  /** The staged file's encrypted chunks, in order, one query each (a file never sits whole in memory). */
  async *stagedChunks(importId: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const [row]: { data: Buffer }[] = await this.dataSource.query(
        'SELECT data FROM contact_import_chunks WHERE import_id = $1 AND seq = $2',
        [importId, seq],
      );
      if (!row) return;
      yield row.data;
    }
  }

  /** Deletes the staged file and its key: what is left anywhere of it can no longer be read. */
  async dropStagedFile(importId: string, tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM contact_import_chunks WHERE import_id = $1', [importId]);
    await tx.query(
      `UPDATE contact_imports SET file_key_wrapped = NULL, file_key_ciphertext = NULL, file_iv = NULL, file_tag = NULL
        WHERE id = $1`,
      [importId],
    );
  }

  findById(id: string, tx?: EntityManager): Promise<ContactImport | null> {
    return this.manager(tx).getRepository(ContactImport).findOneBy({ id });
  }

  page(query: { offset: number; limit: number }, tx?: EntityManager): Promise<[ContactImport[], number]> {
    return this.manager(tx)
      .getRepository(ContactImport)
      .findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, skip: query.offset, take: query.limit });
  }

  issuesPage(
    importId: string,
    query: { offset: number; limit: number; severity?: ImportIssueSeverity },
    tx?: EntityManager,
  ): Promise<[ContactImportIssue[], number]> {
    return this.manager(tx)
      .getRepository(ContactImportIssue)
      .findAndCount({
        where: { importId, ...(query.severity ? { severity: query.severity } : {}) },
        order: { row: 'ASC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
  }

  async update(id: string, changes: Partial<ContactImport>, tx?: EntityManager): Promise<void> {
    await this.manager(tx).getRepository(ContactImport).update({ id }, changes);
  }

  /** Makes the batches of all imports take turns, until the transaction ends. */
  async lockBatches(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  }

  async insertIssues(importId: string, issues: ImportIssueRow[], tx: EntityManager): Promise<void> {
    if (issues.length === 0) return;
    await tx.query(
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

  /**
   * Records the progress of a running import (and, with `finishedAt`, its completion). Returns
   * false when it is no longer running.
   */
  async recordProgress(
    importId: string,
    progress: ImportProgress,
    finishedAt: Date | null,
    tx: EntityManager,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(ContactImport)
      .set({
        ...progress,
        ...(finishedAt ? { status: ImportStatus.Completed, finishedAt } : {}),
      })
      .where('id = :importId AND status = :running', { importId, running: ImportStatus.Running })
      .execute();
    return result.affected === 1;
  }
}
