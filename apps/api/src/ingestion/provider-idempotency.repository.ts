import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ProviderBatchResultDto } from './ingestion.dto';

/** Expired: first used more than `$2` hours before `$1`, when a retry is no longer replayed. */
const EXPIRED = `created_at < $1::timestamptz - make_interval(hours => $2)`;

/**
 * provider_idempotency_keys: per API key and hashed Idempotency-Key, the hash of the request it
 * was first used with and the answer given (status 0 and no body while that request runs).
 */
@Injectable()
export class ProviderIdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Deletes the API key's keys first used before `before`. */
  async deleteExpiredOfApiKey(apiKeyId: string, before: Date, tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource.manager).query(
      'DELETE FROM provider_idempotency_keys WHERE api_key_id = $1 AND created_at < $2',
      [apiKeyId, before],
    );
  }

  /**
   * Takes the key for a request (true), or false when it is already taken; a concurrent claim of
   * the same key waits on the unique index until the first one's transaction ends.
   */
  async claim(apiKeyId: string, keyHash: Buffer, requestHash: Buffer, at: Date, tx?: EntityManager): Promise<boolean> {
    const claimed: unknown[] = await (tx ?? this.dataSource.manager).query(
      `INSERT INTO provider_idempotency_keys (api_key_id, key_hash, request_hash, status, body, created_at)
       VALUES ($1, $2, $3, 0, NULL, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [apiKeyId, keyHash, requestHash, at],
    );
    return claimed.length > 0;
  }

  /** The request hash a key was taken with and the answer stored for it (null while pending). */
  async find(
    apiKeyId: string,
    keyHash: Buffer,
    tx?: EntityManager,
  ): Promise<{ request_hash: Buffer; body: ProviderBatchResultDto | null }> {
    const [stored]: { request_hash: Buffer; body: ProviderBatchResultDto | null }[] = await (
      tx ?? this.dataSource.manager
    ).query('SELECT request_hash, body FROM provider_idempotency_keys WHERE api_key_id = $1 AND key_hash = $2', [
      apiKeyId,
      keyHash,
    ]);
    return stored;
  }

  /** Stores the answer given to the request that took the key. */
  async storeAnswer(
    apiKeyId: string,
    keyHash: Buffer,
    body: ProviderBatchResultDto,
    tx?: EntityManager,
  ): Promise<void> {
    await (tx ?? this.dataSource.manager).query(
      `UPDATE provider_idempotency_keys SET status = 200, body = $3 WHERE api_key_id = $1 AND key_hash = $2`,
      [apiKeyId, keyHash, JSON.stringify(body)],
    );
  }

  /** How many keys, of any API key, were first used more than `hours` hours before `at`. */
  async countExpired(at: Date, hours: number): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM provider_idempotency_keys WHERE ${EXPIRED}`,
      [at, hours],
    );
    return row.n;
  }

  /** Deletes at most `limit` of those keys, oldest first (skipping rows locked elsewhere); returns how many. */
  async deleteExpired(at: Date, hours: number, limit: number): Promise<number> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM provider_idempotency_keys WHERE (api_key_id, key_hash) IN (
         SELECT api_key_id, key_hash FROM provider_idempotency_keys WHERE ${EXPIRED}
          ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
      [at, hours, limit],
    )) as [unknown, number];
    return deleted;
  }
}
