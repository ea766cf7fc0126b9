import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { ApiKey } from './api-key.entity';
import type { ApiKeyStatus } from './api-keys.dto';

/** api_keys: the keys integrations call the API with (hashes only, never the secret). */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private keys(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(ApiKey);
  }

  create(key: Partial<ApiKey>, tx?: EntityManager): Promise<ApiKey> {
    const keys = this.keys(tx);
    return keys.save(keys.create(key));
  }

  /** Saves changes to a loaded key. */
  save(key: ApiKey, tx?: EntityManager): Promise<ApiKey> {
    return this.keys(tx).save(key);
  }

  findById(id: string, tx?: EntityManager): Promise<ApiKey | null> {
    return this.keys(tx).findOneBy({ id });
  }

  findByPrefix(prefix: string, tx?: EntityManager): Promise<ApiKey | null> {
    return this.keys(tx).findOneBy({ prefix });
  }

  /** The key, row-locked until the transaction ends. */
  lock(id: string, tx: EntityManager): Promise<ApiKey | null> {
    return this.keys(tx).createQueryBuilder('key').setLock('pessimistic_write').where('key.id = :id', { id }).getOne();
  }

  /** Newest first; `status` as it stands at `now`. */
  findPage(
    status: ApiKeyStatus | undefined,
    now: Date,
    page: { offset: number; limit: number },
    tx?: EntityManager,
  ): Promise<[ApiKey[], number]> {
    const builder = this.keys(tx).createQueryBuilder('key');
    if (status === 'revoked') builder.where('key.revokedAt IS NOT NULL');
    if (status === 'expired') builder.where('key.revokedAt IS NULL AND key.expiresAt <= :now', { now });
    if (status === 'active') {
      builder.where(new Brackets((q) => q.where('key.revokedAt IS NULL').andWhere('key.expiresAt > :now', { now })));
    }
    return builder.orderBy('key.createdAt', 'DESC').skip(page.offset).take(page.limit).getManyAndCount();
  }

  async setLastUsed(id: string, at: Date, tx?: EntityManager): Promise<void> {
    await this.keys(tx).update({ id }, { lastUsedAt: at });
  }

  // ---- Privacy rights: the record of processing ----

  /** How many keys live at `now` (neither revoked nor expired) hold each scope. */
  countLiveByScope(now: Date, tx?: EntityManager): Promise<{ scope: string; n: number }[]> {
    return (tx ?? this.dataSource.manager).query(
      `SELECT scope, count(*)::int AS n FROM api_keys, unnest(scopes) AS scope
        WHERE revoked_at IS NULL AND expires_at > $1 GROUP BY scope`,
      [now],
    );
  }
}
