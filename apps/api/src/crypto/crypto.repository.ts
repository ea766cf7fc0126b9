import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SubjectKeyStore } from '@survey/field-crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { SubjectKeyRow } from './subject-key.entity';

const CHUNK = 1000;

/** keystore.subject_keys: the wrapped per-subject keys. */
@Injectable()
export class SubjectKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The store a Keyring works on, bound to the caller's transaction so keys commit with the rows they lock. */
  store(tx?: EntityManager): SubjectKeyStore {
    const manager = tx ?? this.dataSource.manager;
    return {
      save: (entries) => this.save(entries, manager),
      load: (subjectIds) => this.load(subjectIds, manager),
      shred: (subjectIds) => this.shred(subjectIds, manager),
    };
  }

  async save(entries: { subjectId: string; wrapped: Buffer }[], tx?: EntityManager): Promise<void> {
    const manager = tx ?? this.dataSource.manager;
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      await manager.query(
        'INSERT INTO keystore.subject_keys (subject_id, wrapped_key) SELECT * FROM unnest($1::uuid[], $2::bytea[])',
        [chunk.map((e) => e.subjectId), chunk.map((e) => e.wrapped)],
      );
    }
  }

  async load(subjectIds: string[], tx?: EntityManager): Promise<Map<string, Buffer>> {
    const manager = tx ?? this.dataSource.manager;
    const found = new Map<string, Buffer>();
    for (let i = 0; i < subjectIds.length; i += CHUNK) {
      const rows: { subject_id: string; wrapped_key: Buffer }[] = await manager.query(
        'SELECT subject_id, wrapped_key FROM keystore.subject_keys WHERE subject_id = ANY($1::uuid[])',
        [subjectIds.slice(i, i + CHUNK)],
      );
      for (const row of rows) found.set(row.subject_id, row.wrapped_key);
    }
    return found;
  }

  async shred(subjectIds: string[], tx?: EntityManager): Promise<number> {
    const manager = tx ?? this.dataSource.manager;
    let shredded = 0;
    for (let i = 0; i < subjectIds.length; i += CHUNK) {
      const result = await manager.delete(SubjectKeyRow, { subjectId: In(subjectIds.slice(i, i + CHUNK)) });
      shredded += result.affected ?? 0;
    }
    return shredded;
  }
}
