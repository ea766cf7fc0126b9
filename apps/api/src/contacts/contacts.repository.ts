import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { expiredSql, RANDOM_PSEUDONYM_SQL } from '../retention/expiry';
import type { ContactFields } from './contact-row';
import { Contact } from './contact.entity';
import { ReadDatabase } from '../database/read-database';

export type Facet = 'countries' | 'segments' | 'roles' | 'platforms';

/** The columns of contacts an import writes, one array per column (row i of each is contact i). */
export interface ImportedContactColumns {
  ids: string[];
  emailIndexes: Buffer[];
  emailCiphertexts: Buffer[];
  nameCiphertexts: Buffer[];
  registrationNumbersCiphertexts: (Buffer | null)[];
  countries: ContactFields['country'][];
  segments: ContactFields['segment'][];
  roles: ContactFields['role'][];
  relationshipSince: ContactFields['relationshipSince'][];
  platforms: ContactFields['platform'][];
  languages: ContactFields['language'][];
}

const DUE = expiredSql('collected_at', '$2', '$1');

/** The contact directory (table `contacts`). */
@Injectable()
export class ContactsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly read: ReadDatabase,
  ) {}

  /** Lists may lag the primary a little: outside a transaction they go to the read pool. */
  private readManager(tx?: EntityManager): EntityManager {
    return tx ?? this.read.manager;
  }

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  page(
    where: FindOptionsWhere<Contact>,
    page: { offset: number; limit: number },
    tx?: EntityManager,
  ): Promise<[Contact[], number]> {
    return this.readManager(tx)
      .getRepository(Contact)
      .findAndCount({ where, order: { createdAt: 'ASC', id: 'ASC' }, skip: page.offset, take: page.limit });
  }

  /**
   * The values of each targetable attribute with their counts, in one scan of the directory: at
   * most `limit + 1` per attribute, most frequent first (the extra one says the list was cut).
   */
  facetValues(limit: number, tx?: EntityManager): Promise<{ facet: Facet; value: string; count: number }[]> {
    return this.manager(tx).query(
      `SELECT facet, value, count FROM (
         SELECT facet, value, count,
                row_number() OVER (PARTITION BY facet ORDER BY count DESC, value) AS rank
         FROM (
           SELECT CASE WHEN GROUPING(country) = 0 THEN 'countries'
                       WHEN GROUPING(segment) = 0 THEN 'segments'
                       WHEN GROUPING(role) = 0 THEN 'roles'
                       ELSE 'platforms' END AS facet,
                  COALESCE(country, segment, role, platform) AS value,
                  count(*)::int AS count
           FROM contacts
           GROUP BY GROUPING SETS ((country), (segment), (role), (platform))
         ) grouped
         WHERE value IS NOT NULL
       ) ranked
       WHERE rank <= $1 + 1
       ORDER BY facet, rank`,
      [limit],
    );
  }

  findByEmailIndex(emailIndex: Buffer, tx?: EntityManager): Promise<Contact | null> {
    return this.manager(tx).getRepository(Contact).findOne({ where: { emailIndex } });
  }

  /** Whether some contact has this blind index (its id only). */
  idByEmailIndex(emailIndex: Buffer, tx?: EntityManager): Promise<Pick<Contact, 'id'> | null> {
    return this.manager(tx).findOne(Contact, { where: { emailIndex }, select: { id: true } });
  }

  /** The contact with this id, or null; `lock` takes a row lock for the rest of the transaction. */
  findById(id: string, lock = false, tx?: EntityManager): Promise<Contact | null> {
    return this.manager(tx).findOne(Contact, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}),
    });
  }

  save(contact: Contact, tx?: EntityManager): Promise<Contact> {
    return this.manager(tx).save(contact);
  }

  /** The ids of the contacts that have these blind indexes. */
  idsByEmailIndex(indexes: Buffer[], tx?: EntityManager): Promise<{ id: string; email_index: Buffer }[]> {
    return this.manager(tx).query('SELECT id, email_index FROM contacts WHERE email_index = ANY($1::bytea[])', [
      indexes,
    ]);
  }

  /** Inserts new contacts and overwrites known ones (same id), stamping them as collected now by the import. */
  async upsertImported(
    columns: ImportedContactColumns,
    collectedAt: Date,
    importId: string,
    tx?: EntityManager,
  ): Promise<void> {
    await this.manager(tx).query(
      `INSERT INTO contacts AS c (id, email_index, email_ciphertext, name_ciphertext, registration_numbers_ciphertext,
         country, segment, role, relationship_since, platform, language, collected_at, last_import_id)
       SELECT u.*, $12::timestamptz, $13::uuid
         FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[], $6::text[], $7::text[],
                     $8::text[], $9::date[], $10::text[], $11::text[]) AS u
       ON CONFLICT (id) DO UPDATE SET
         email_ciphertext = excluded.email_ciphertext, name_ciphertext = excluded.name_ciphertext,
         registration_numbers_ciphertext = excluded.registration_numbers_ciphertext, country = excluded.country,
         segment = excluded.segment, role = excluded.role, relationship_since = excluded.relationship_since,
         platform = excluded.platform, language = excluded.language, collected_at = excluded.collected_at,
         last_import_id = excluded.last_import_id, updated_at = now()`,
      [
        columns.ids,
        columns.emailIndexes,
        columns.emailCiphertexts,
        columns.nameCiphertexts,
        columns.registrationNumbersCiphertexts,
        columns.countries,
        columns.segments,
        columns.roles,
        columns.relationshipSince,
        columns.platforms,
        columns.languages,
        collectedAt,
        importId,
      ],
    );
  }

  /** Restarts the retention clock of these contacts (they were invited again). */
  async markCollected(ids: string[], at: Date, tx?: EntityManager): Promise<void> {
    await this.manager(tx).query('UPDATE contacts SET collected_at = $2 WHERE id = ANY($1::uuid[])', [ids, at]);
  }

  /** How many contacts collected `months` or more before `at` are due for deletion. */
  async countExpired(at: Date, months: number, tx?: EntityManager): Promise<number> {
    const [row]: { n: number }[] = await this.manager(tx).query(
      `SELECT count(*)::int AS n FROM contacts WHERE ${DUE}`,
      [at, months],
    );
    return row.n;
  }

  /** Locks up to `limit` expired contacts (skipping those locked elsewhere), oldest first; their ids. */
  async lockExpired(at: Date, months: number, limit: number, tx: EntityManager): Promise<string[]> {
    const due: { id: string }[] = await tx.query(
      `SELECT id FROM contacts WHERE ${DUE} ORDER BY collected_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [at, months, limit],
    );
    return due.map((row) => row.id);
  }

  /**
   * Removes every link from the responses given through these contacts' invitations to them (and
   * their free text, whose key is shredded with the contact). Statement on the responses table of
   * the ingestion module, kept here because it must run in the contact's deletion transaction.
   */
  async unlinkResponses(contactIds: string[], at: Date, tx: EntityManager): Promise<number> {
    const [, unlinked] = (await tx.query(
      `UPDATE responses SET invitation_id = NULL, respondent_pseudonym = ${RANDOM_PSEUDONYM_SQL},
              free_text = CASE WHEN free_text_key_id IS NULL THEN NULL ELSE free_text END,
              anonymised_at = coalesce(anonymised_at, $2), updated_at = $2
        WHERE invitation_id IN (SELECT id FROM invitations WHERE contact_id = ANY($1::uuid[]))`,
      [contactIds, at],
    )) as [unknown, number];
    return unlinked;
  }

  /** Deletes these contacts; how many there were. */
  async deleteByIds(ids: string[], tx: EntityManager): Promise<number> {
    const [, deleted] = (await tx.query('DELETE FROM contacts WHERE id = ANY($1::uuid[])', [ids])) as [unknown, number];
    return deleted;
  }

  // ---- Privacy rights: a person's contact row for access packages, erasure, objection, rectification ----

  /** The contact's columns for the person's access package or rectification, or undefined. */
  async personalDataRow(contactId: string, tx?: EntityManager): Promise<ContactRow | undefined> {
    const [contact]: ContactRow[] = await this.manager(tx).query(CONTACT_ROW, [contactId]);
    return contact;
  }

  /** Locks the contact's row for the rest of the transaction (erasure: submissions racing it wait). */
  async lockForErasure(contactId: string, tx: EntityManager): Promise<void> {
    await tx.query('SELECT id FROM contacts WHERE id = $1 FOR UPDATE', [contactId]);
  }

  /** Marks the contact as objecting (kept from the first objection): campaigns never target it again. */
  async markObjected(contactId: string, at: Date, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE contacts SET objected_at = coalesce(objected_at, $2) WHERE id = $1', [contactId, at]);
  }

  /** How many contacts came from each platform (record of processing; no personal value). */
  countByPlatform(tx?: EntityManager): Promise<{ platform: string; contacts: number }[]> {
    return this.manager(tx).query(
      'SELECT platform, count(*)::int AS contacts FROM contacts GROUP BY platform ORDER BY platform',
    );
  }

  // Raw responses: the encrypted identity a response is followed to (ingestion decrypts it).

  /** The contact's encrypted name, address and registration numbers, or null when it is gone. */
  encryptedIdentity(
    id: string,
    tx?: EntityManager,
  ): Promise<Pick<Contact, 'id' | 'emailCiphertext' | 'nameCiphertext' | 'registrationNumbersCiphertext'> | null> {
    return this.manager(tx).findOne(Contact, {
      where: { id },
      select: { id: true, emailCiphertext: true, nameCiphertext: true, registrationNumbersCiphertext: true },
    });
  }
}

/** A contact's columns; the date as text (node-postgres would make it a local-time Date). */
const CONTACT_ROW = `SELECT id, email_ciphertext, name_ciphertext, registration_numbers_ciphertext, country, segment, role,
                            relationship_since::text AS relationship_since, platform, language, collected_at,
                            created_at, updated_at, objected_at
                       FROM contacts WHERE id = $1`;

/** A contact row as the privacy rights read it (see `personalDataRow`). */
export interface ContactRow {
  id: string;
  email_ciphertext: Buffer;
  name_ciphertext: Buffer;
  registration_numbers_ciphertext: Buffer | null;
  country: string;
  segment: string;
  role: string | null;
  relationship_since: string | null;
  platform: string;
  language: string;
  collected_at: Date;
  created_at: Date;
  updated_at: Date;
  objected_at: Date | null;
}
