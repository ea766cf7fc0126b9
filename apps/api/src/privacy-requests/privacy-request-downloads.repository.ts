import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PrivacyRequestDownload } from './privacy-request.entity';
import { countWhere, lockWhere, returning } from './privacy-requests.repository';

/** What a new download row holds: the package is asked for, its files not made yet. */
export type NewDownload = Pick<PrivacyRequestDownload, 'id' | 'requestId' | 'contactId' | 'jsonFileId' | 'htmlFileId'>;

const EXPIRED = 't.expires_at <= $1';

/** privacy_request_downloads: access packages, each encrypted under a key of its own, behind a link. */
@Injectable()
export class PrivacyRequestDownloadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async insert(download: NewDownload, tx: EntityManager): Promise<void> {
    await tx.insert(PrivacyRequestDownload, download);
  }

  find(id: string, tx?: EntityManager, lock = false): Promise<PrivacyRequestDownload | null> {
    return this.manager(tx)
      .getRepository(PrivacyRequestDownload)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The package asked for last for this request, if any. */
  latestOfRequest(requestId: string, tx?: EntityManager): Promise<PrivacyRequestDownload | null> {
    return this.manager(tx)
      .getRepository(PrivacyRequestDownload)
      .findOne({ where: { requestId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Packages of this request asked for but not mailed yet (being made, or failed). */
  async unmailedOfRequest(
    requestId: string,
    tx: EntityManager,
  ): Promise<
    Pick<PrivacyRequestDownload, 'id' | 'jsonFileId' | 'htmlFileId' | 'tokenHash' | 'expiresAt' | 'packageCiphertext'>[]
  > {
    return tx.query(
      `SELECT id, json_file_id AS "jsonFileId", html_file_id AS "htmlFileId", token_hash AS "tokenHash",
              expires_at AS "expiresAt", NULL AS "packageCiphertext"
         FROM privacy_request_downloads WHERE request_id = $1 AND token_hash IS NULL FOR UPDATE`,
      [requestId],
    );
  }

  /** The package is made: its link's token and expiry, and whose data it holds. */
  async markMailed(
    id: string,
    mailed: Pick<PrivacyRequestDownload, 'tokenHash' | 'expiresAt' | 'contactId'>,
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      'UPDATE privacy_request_downloads SET token_hash = $2, expires_at = $3, contact_id = $4 WHERE id = $1',
      [id, mailed.tokenHash, mailed.expiresAt, mailed.contactId],
    );
  }

  /** The exports module's files of these packages (JSON and page). */
  async fileIdsOf(ids: string[], tx: EntityManager): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { json_file_id: string | null; html_file_id: string | null }[] = await tx.query(
      'SELECT json_file_id, html_file_id FROM privacy_request_downloads WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return rows.flatMap((row) => [row.json_file_id, row.html_file_id]).filter((id): id is string => id !== null);
  }

  findByTokenHash(tokenHash: Buffer, tx?: EntityManager): Promise<PrivacyRequestDownload | null> {
    return this.manager(tx).getRepository(PrivacyRequestDownload).findOne({ where: { tokenHash } });
  }

  /** Counts one download, remembering when the first was. */
  async countDownload(id: string, at: Date, tx?: EntityManager): Promise<void> {
    await this.manager(tx).query(
      `UPDATE privacy_request_downloads
          SET download_count = download_count + 1, first_downloaded_at = coalesce(first_downloaded_at, $2)
        WHERE id = $1`,
      [id, at],
    );
  }

  /** The downloads of these requests. */
  async idsOfRequests(requestIds: string[], tx: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      'SELECT id FROM privacy_request_downloads WHERE request_id = ANY($1::uuid[])',
      [requestIds],
    );
    return rows.map((row) => row.id);
  }

  /** The packages made for a contact, locked (they are copies of the contact's data). */
  async lockIdsOfContact(contactId: string, tx: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      'SELECT id FROM privacy_request_downloads WHERE contact_id = $1 FOR UPDATE',
      [contactId],
    );
    return rows.map((row) => row.id);
  }

  async deleteOfContact(contactId: string, tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM privacy_request_downloads WHERE contact_id = $1', [contactId]);
  }

  /** Retention: links expired at `at`. */
  countExpired(at: Date): Promise<number> {
    return countWhere(this.dataSource.manager, 'privacy_request_downloads', EXPIRED, [at]);
  }

  lockExpired(at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return lockWhere(tx, 'privacy_request_downloads', EXPIRED, [at], limit);
  }

  async deleteByIds(ids: string[], tx: EntityManager): Promise<number> {
    const deleted = await returning<unknown>(
      tx,
      'DELETE FROM privacy_request_downloads WHERE id = ANY($1::uuid[]) RETURNING id',
      [ids],
    );
    return deleted.length;
  }
}
