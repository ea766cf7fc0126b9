import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ExportFile, ExportPart, ExportStatus } from './export-file.entity';

/** export_files and export_parts: background exports and their encrypted files. */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async insert(file: Partial<ExportFile> & Pick<ExportFile, 'id'>, tx: EntityManager): Promise<void> {
    await tx.insert(ExportFile, file);
  }

  find(id: string, tx?: EntityManager): Promise<ExportFile | null> {
    return this.manager(tx).findOne(ExportFile, { where: { id } });
  }

  /** The exports one staff user asked for, latest first. */
  async pageOf(requestedBy: string, query: { offset: number; limit: number }): Promise<[ExportFile[], number]> {
    return this.dataSource.manager.findAndCount(ExportFile, {
      where: { requestedBy },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
  }

  /** Starts (or restarts) the making of the file: earlier parts of an interrupted attempt go. */
  async start(id: string, tx: EntityManager): Promise<ExportFile | null> {
    await tx.query('DELETE FROM export_parts WHERE export_id = $1', [id]);
    const open: { id: string }[] = await tx.query(
      `SELECT id FROM export_files WHERE id = $1 AND status IN ('queued', 'running') FOR UPDATE`,
      [id],
    );
    if (open.length === 0) return null;
    await tx.query(
      `UPDATE export_files SET status = 'running', rows_done = 0, part_count = 0, error = NULL WHERE id = $1`,
      [id],
    );
    return this.find(id, tx);
  }

  async addPart(part: ExportPart, rowsDone: number, tx?: EntityManager): Promise<void> {
    const manager = this.manager(tx);
    await manager.query('INSERT INTO export_parts (export_id, seq, data) VALUES ($1, $2, $3)', [
      part.exportId,
      part.seq,
      part.data,
    ]);
    await manager.query('UPDATE export_files SET rows_done = $2, part_count = $3 WHERE id = $1', [
      part.exportId,
      rowsDone,
      part.seq + 1,
    ]);
  }

  async setTotal(id: string, rowsTotal: number): Promise<void> {
    await this.dataSource.query('UPDATE export_files SET rows_total = $2 WHERE id = $1', [id, rowsTotal]);
  }

  async finish(
    id: string,
    done: Pick<ExportFile, 'fileName' | 'contentType' | 'byteSize' | 'finishedAt' | 'expiresAt'>,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE export_files SET status = 'ready', file_name = $2, content_type = $3, byte_size = $4,
              finished_at = $5, expires_at = $6 WHERE id = $1 AND status = 'running'`,
      [id, done.fileName, done.contentType, done.byteSize, done.finishedAt, done.expiresAt],
    );
  }

  async fail(id: string, error: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query('DELETE FROM export_parts WHERE export_id = $1', [id]);
      await tx.query(
        `UPDATE export_files SET status = 'failed', error = $2, finished_at = $3, part_count = 0
          WHERE id = $1 AND status IN ('queued', 'running')`,
        [id, error, at],
      );
    });
  }

  /** The parts of a file in order, one at a time (a file is never held whole in memory). */
  async part(id: string, seq: number): Promise<Buffer | null> {
    const rows: { data: Buffer }[] = await this.dataSource.query(
      'SELECT data FROM export_parts WHERE export_id = $1 AND seq = $2',
      [id, seq],
    );
    return rows[0]?.data ?? null;
  }

  /** Ready exports past their expiry, a batch at a time, locked for this transaction. */
  async expiredIds(now: Date, tx: EntityManager, limit = 200): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM export_files WHERE status = 'ready' AND expires_at <= $1 ORDER BY expires_at LIMIT $2
          FOR UPDATE`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Deletes the files of these exports and marks them expired (the rows stay a while as receipts). */
  async expire(ids: string[], tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM export_parts WHERE export_id = ANY($1::uuid[])', [ids]);
    await tx.query(
      `UPDATE export_files SET status = '${ExportStatus.Expired}', part_count = 0 WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Failed and expired exports asked for before `before`. */
  async oldReceiptIds(before: Date, tx: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM export_files WHERE status IN ('failed', 'expired') AND created_at < $1 FOR UPDATE`,
      [before],
    );
    return rows.map((row) => row.id);
  }

  /** Deletes these files at once, whatever their state (their parts go with them). */
  async deleteFiles(ids: string[], tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM export_files WHERE id = ANY($1::uuid[])', [ids]);
  }

  async deleteReceipts(ids: string[], tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM export_files WHERE id = ANY($1::uuid[])', [ids]);
  }
}
