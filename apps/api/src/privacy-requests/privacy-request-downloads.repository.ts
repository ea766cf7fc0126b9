import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PrivacyRequestDownload } from './privacy-request.entity';
import { countWhere, lockWhere, returning } from './privacy-requests.repository';

/** What a new download row holds. */
export type NewDownload = Pick<
  PrivacyRequestDownload,
  'id' | 'requestId' | 'contactId' | 'tokenHash' | 'packageCiphertext' | 'expiresAt'
>;

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
