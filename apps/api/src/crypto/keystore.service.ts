import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldCrypto, Keyring, SubjectKey, SubjectKeyStore } from '@survey/field-crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SubjectKeyRow } from './subject-key.entity';

/** keystore.subject_keys through the caller's transaction, so keys commit with the rows they lock. */
class PostgresSubjectKeyStore implements SubjectKeyStore {
  constructor(private readonly manager: EntityManager) {}

  async save(entries: { subjectId: string; wrapped: Buffer }[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 1000) {
      const chunk = entries.slice(i, i + 1000);
      await this.manager.query(
        'INSERT INTO keystore.subject_keys (subject_id, wrapped_key) SELECT * FROM unnest($1::uuid[], $2::bytea[])',
        [chunk.map((e) => e.subjectId), chunk.map((e) => e.wrapped)],
      );
    }
  }

  async load(subjectIds: string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (let i = 0; i < subjectIds.length; i += 1000) {
      const rows: { subject_id: string; wrapped_key: Buffer }[] = await this.manager.query(
        'SELECT subject_id, wrapped_key FROM keystore.subject_keys WHERE subject_id = ANY($1::uuid[])',
        [subjectIds.slice(i, i + 1000)],
      );
      for (const row of rows) found.set(row.subject_id, row.wrapped_key);
    }
    return found;
  }

  async shred(subjectIds: string[]): Promise<number> {
    let shredded = 0;
    for (let i = 0; i < subjectIds.length; i += 1000) {
      const result = await this.manager.delete(SubjectKeyRow, { subjectId: In(subjectIds.slice(i, i + 1000)) });
      shredded += result.affected ?? 0;
    }
    return shredded;
  }
}

/**
 * Per-data-subject keys (DESIGN.md section 3). Pass the transaction's EntityManager when keys are
 * created or shredded together with the rows they protect.
 */
@Injectable()
export class KeystoreService {
  readonly crypto: FieldCrypto;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.crypto = new FieldCrypto({ masterKey: config.secrets.masterKey, blindIndexKey: config.secrets.blindIndexKey });
  }

  keyring(manager: EntityManager = this.dataSource.manager): Keyring {
    return new Keyring(this.crypto, new PostgresSubjectKeyStore(manager));
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

  /** Crypto-shredding: once this commits, everything encrypted under these keys is unreadable. */
  shred(subjectIds: string[], manager?: EntityManager): Promise<number> {
    return this.keyring(manager).shred(subjectIds);
  }

  /** Blind index of an e-mail address: HMAC of the trimmed, lower-cased address. */
  emailIndex(email: string): Buffer {
    return this.crypto.blindIndex('email', email.trim().toLowerCase());
  }
}
