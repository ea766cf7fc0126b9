import { Inject, Injectable } from '@nestjs/common';
import { FieldCrypto, Keyring, SubjectKey } from '@survey/field-crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SubjectKeysRepository } from './crypto.repository';

/**
 * Per-data-subject keys (DESIGN.md section 3). Pass the transaction's EntityManager when keys are
 * created or shredded together with the rows they protect.
 */
@Injectable()
export class KeystoreService {
  readonly crypto: FieldCrypto;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly subjectKeys: SubjectKeysRepository,
  ) {
    this.crypto = new FieldCrypto({ masterKey: config.secrets.masterKey, blindIndexKey: config.secrets.blindIndexKey });
  }

  keyring(manager?: EntityManager): Keyring {
    return new Keyring(this.crypto, this.subjectKeys.store(manager));
  }

  create(subjectIds: string[], manager?: EntityManager): Promise<Map<string, SubjectKey>> {
    return this.keyring(manager).create(subjectIds);
  }

  keysFor(subjectIds: string[], manager?: EntityManager): Promise<Map<string, SubjectKey>> {
    return this.keyring(manager).keysFor(subjectIds);
  }

  keyFor(subjectId: string, manager?: EntityManager): Promise<SubjectKey> {
    return this.keyring(manager).keyFor(subjectId);
  }

  /**
   * The keys of these subjects that still exist; a shredded (or never created) one is simply
   * absent, where `keysFor` would refuse. One load for the lot (raw-response pages).
   */
  async existingKeys(subjectIds: string[], manager?: EntityManager): Promise<Map<string, SubjectKey>> {
    const wrapped = await this.subjectKeys.load([...new Set(subjectIds)], manager);
    return new Map([...wrapped].map(([subjectId, key]) => [subjectId, this.crypto.unwrap(subjectId, key)]));
  }

  /** Crypto-shredding: once this commits, everything encrypted under these keys is unreadable. */
  shred(subjectIds: string[], manager?: EntityManager): Promise<number> {
    return this.keyring(manager).shred(subjectIds);
  }

  /** Blind index of an e-mail address: HMAC of the trimmed, lower-cased address. */
  emailIndex(email: string): Buffer {
    return this.crypto.blindIndex('email', email.trim().toLowerCase());
  }
}
