import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { constantTimeEqualHex, randomChars, sha256Hex } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { conflict, notFound, unauthorized } from '../common/errors';
import { Page, toPage } from '../common/pagination';
import { invalidField, type ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { Transactions } from '../database/transactions';
import { ApiKey } from './api-key.entity';
import { ApiKeyQueryDto, CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysRepository } from './api-keys.repository';

const KEY_PATTERN = /^svk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** last_used_at is precise to this much, so a busy key does not write on every request. */
const LAST_USED_PRECISION_MS = 60_000;
const DECOY_HASH = sha256Hex('no key has this hash');

function invalidKey(detail: string): ProblemException {
  return unauthorized(detail, ProblemType.InvalidApiKey);
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Returns the new key with its secret, which is never shown again. */
  async create(actorId: string, dto: CreateApiKeyDto): Promise<{ key: ApiKey; secret: string }> {
    const now = this.clock.now();
    const latest = new Date(now);
    latest.setUTCFullYear(latest.getUTCFullYear() + 1);
    if (dto.expiresAt.getTime() <= now.getTime())
      throw invalidField('expiresAt', 'expiresAt must be in the future', 'future');
    if (dto.expiresAt.getTime() > latest.getTime()) {
      throw invalidField('expiresAt', 'expiresAt must be at most a year away', 'tooFar');
    }
    const prefix = randomChars(PREFIX_ALPHABET, 12);
    const secret = `svk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const key = await this.transactions.run(async (manager) => {
      const saved = await this.keys.create(
        {
          name: dto.name,
          prefix,
          secretHash: sha256Hex(secret),
          scopes: dto.scopes,
          surveyIds: dto.surveyIds,
          expiresAt: dto.expiresAt,
          createdBy: actorId,
        },
        manager,
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
    const [items, total] = await this.keys.findPage(query.status, this.clock.now(), query);
    return toPage(items, total, query);
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.keys.findById(id);
    if (!key) throw notFound('No API key has this id.');
    return key;
  }

  async revoke(id: string): Promise<ApiKey> {
    return this.transactions.run(async (manager) => {
      const key = await this.keys.lock(id, manager);
      if (!key) throw notFound('No API key has this id.');
      if (key.revokedAt) throw conflict('This API key is already revoked.');
      key.revokedAt = this.clock.now();
      const saved = await this.keys.save(key, manager);
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
    const key = await this.keys.findByPrefix(match[1]);
    const matches = constantTimeEqualHex(sha256Hex(presented), key?.secretHash ?? DECOY_HASH);
    if (!key || !matches) throw invalidKey('The API key is not valid.');
    const now = this.clock.now();
    if (key.revokedAt) throw invalidKey('The API key has been revoked.');
    if (key.expiresAt.getTime() <= now.getTime()) throw invalidKey('The API key has expired.');
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await this.keys.setLastUsed(key.id, now);
    }
    return { kind: 'api_key', keyId: key.id, scopes: key.scopes, surveyIds: key.surveyIds };
  }

  // ---- Privacy rights: the record of processing ----

  /** How many keys live at `now` (neither revoked nor expired) hold each scope. */
  countLiveByScope(now: Date): Promise<{ scope: string; n: number }[]> {
    return this.keys.countLiveByScope(now);
  }
}
