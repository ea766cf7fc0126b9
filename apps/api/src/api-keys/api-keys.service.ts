import { ConflictException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Brackets, DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { constantTimeEqualHex, randomChars, sha256Hex } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { Page, toPage } from '../common/pagination';
import { invalidField, ProblemException } from '../common/problem';
import { ApiKey } from './api-key.entity';
import { ApiKeyQueryDto, CreateApiKeyDto } from './api-keys.dto';

const KEY_PATTERN = /^svk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** last_used_at is precise to this much, so a busy key does not write on every request. */
const LAST_USED_PRECISION_MS = 60_000;
const DECOY_HASH = sha256Hex('no key has this hash');

export const INVALID_API_KEY_TYPE = 'urn:survey:problem:invalid-api-key';

function invalidKey(detail: string): ProblemException {
  return new ProblemException(HttpStatus.UNAUTHORIZED, detail, { type: INVALID_API_KEY_TYPE });
}

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private get keys() {
    return this.dataSource.getRepository(ApiKey);
  }

  /** Returns the new key with its secret, which is never shown again. */
  async create(actorId: string, dto: CreateApiKeyDto): Promise<{ key: ApiKey; secret: string }> {
    const now = this.clock.now();
    const latest = new Date(now);
    latest.setUTCFullYear(latest.getUTCFullYear() + 1);
    if (dto.expiresAt.getTime() <= now.getTime()) throw invalidField('expiresAt', 'expiresAt must be in the future');
    if (dto.expiresAt.getTime() > latest.getTime()) {
      throw invalidField('expiresAt', 'expiresAt must be at most a year away');
    }
    const prefix = randomChars(PREFIX_ALPHABET, 12);
    const secret = `svk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const key = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ApiKey, {
          name: dto.name,
          prefix,
          secretHash: sha256Hex(secret),
          scopes: dto.scopes,
          surveyIds: dto.surveyIds,
          expiresAt: dto.expiresAt,
          createdBy: actorId,
        }),
      );
      await this.audit.record(
        {
          actor: { type: 'staff', id: actorId },
          action: 'api_key.created',
          resourceType: 'api_key',
          resourceId: saved.id,
          details: { scopes: saved.scopes, surveyIds: saved.surveyIds, expiresAt: saved.expiresAt.toISOString() },
        },
        manager,
      );
      return saved;
    });
    return { key, secret };
  }

  async list(query: ApiKeyQueryDto): Promise<Page<ApiKey>> {
    const builder = this.keys.createQueryBuilder('key');
    const now = this.clock.now();
    if (query.status === 'revoked') builder.where('key.revokedAt IS NOT NULL');
    if (query.status === 'expired') builder.where('key.revokedAt IS NULL AND key.expiresAt <= :now', { now });
    if (query.status === 'active') {
      builder.where(new Brackets((q) => q.where('key.revokedAt IS NULL').andWhere('key.expiresAt > :now', { now })));
    }
    const [items, total] = await builder
      .orderBy('key.createdAt', 'DESC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return toPage(items, total, query);
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw new NotFoundException('No API key has this id.');
    return key;
  }

  async revoke(id: string): Promise<ApiKey> {
    return this.dataSource.transaction(async (manager) => {
      const key = await manager
        .getRepository(ApiKey)
        .createQueryBuilder('key')
        .setLock('pessimistic_write')
        .where('key.id = :id', { id })
        .getOne();
      if (!key) throw new NotFoundException('No API key has this id.');
      if (key.revokedAt) throw new ConflictException('This API key is already revoked.');
      key.revokedAt = this.clock.now();
      const saved = await manager.save(key);
      await this.audit.record({ action: 'api_key.revoked', resourceType: 'api_key', resourceId: id }, manager);
      return saved;
    });
  }

  /**
   * Finds the key by its public prefix and compares the hash of the whole key in constant
   * time. Unknown prefixes are compared against a decoy, so timing does not tell them apart.
   */
  async authenticate(presented: string): Promise<ApiKeyPrincipal> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) throw invalidKey('The API key is malformed.');
    const key = await this.keys.findOneBy({ prefix: match[1] });
    const matches = constantTimeEqualHex(sha256Hex(presented), key?.secretHash ?? DECOY_HASH);
    if (!key || !matches) throw invalidKey('The API key is not valid.');
    const now = this.clock.now();
    if (key.revokedAt) throw invalidKey('The API key has been revoked.');
    if (key.expiresAt.getTime() <= now.getTime()) throw invalidKey('The API key has expired.');
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await this.keys.update({ id: key.id }, { lastUsedAt: now });
    }
    return { kind: 'api_key', keyId: key.id, scopes: key.scopes, surveyIds: key.surveyIds };
  }
}
