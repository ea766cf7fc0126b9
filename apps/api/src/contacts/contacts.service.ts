import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/errors';
import { Page, toPage } from '../common/pagination';
import { ValidationProblemException } from '../common/problem';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import {
  decryptContactFields,
  EncryptedContactColumns,
  encryptContactFields,
  IdentifyingFields,
} from './contact-crypto';
import { IMPORT_COLUMNS, validateContactRow } from './contact-row';
import { Contact } from './contact.entity';
import { ContactFacetsDto, ContactQueryDto, FacetValueDto, UpdateContactDto } from './contacts.dto';
import { ContactsRepository } from './contacts.repository';

/** At most this many values are listed per attribute (roles are free text and could be many). */
export const FACET_LIMIT = 200;

type Field = keyof typeof IMPORT_COLUMNS;
const FIELD_OF_COLUMN = new Map(Object.entries(IMPORT_COLUMNS).map(([field, column]) => [column, field as Field]));

/** The contact directory: pseudonymous lists for everyone, identifying fields for a stated purpose. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly repository: ContactsRepository,
    private readonly transactions: Transactions,
    private readonly keystore: KeystoreService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    // A contact is its own data subject: audit events name it only by a reference under its key.
    audit.registerSubjectResource('contact', async (_manager, ids) => new Map(ids.map((id) => [id, id])));
  }

  async list(query: ContactQueryDto): Promise<Page<Contact>> {
    const where: FindOptionsWhere<Contact> = {
      ...(query.country ? { country: query.country } : {}),
      ...(query.segment ? { segment: query.segment } : {}),
      ...(query.platform ? { platform: query.platform } : {}),
      ...(query.role ? { role: query.role } : {}),
    };
    const [items, total] = await this.repository.page(where, query);
    return toPage(items, total, query);
  }

  /** The values of each targetable attribute with their counts, in one scan of the directory. */
  async facets(): Promise<ContactFacetsDto> {
    const rows = await this.repository.facetValues(FACET_LIMIT);
    const facets: ContactFacetsDto = { countries: [], segments: [], roles: [], platforms: [], truncated: false };
    for (const row of rows) {
      const list: FacetValueDto[] = facets[row.facet];
      if (list.length === FACET_LIMIT) facets.truncated = true;
      else list.push({ value: row.value, count: row.count });
    }
    return facets;
  }

  /**
   * The contact with exactly this address, found through its blind index without decrypting
   * anyone. The route audits the search with its purpose; a match is audited again with the
   * contact's id, so "who looked this person up" can be answered from the log.
   */
  async findByEmail(email: string): Promise<Contact[]> {
    const contact = await this.repository.findByEmailIndex(this.keystore.emailIndex(email));
    if (!contact) return [];
    await this.audit.record({ action: 'contact.found', resourceType: 'contact', resourceId: contact.id });
    return [contact];
  }

  async get(id: string): Promise<{ contact: Contact; fields: IdentifyingFields }> {
    const { contact, fields } = await this.read(this.transactions.manager, id);
    return { contact, fields };
  }

  private async read(manager: EntityManager, id: string, lock = false) {
    const contact = await this.repository.findById(id, lock, manager);
    if (!contact) throw notFound('No contact has this id.');
    const key = await this.keystore.keyFor(contact.id, manager);
    return { contact, key, fields: decryptContactFields(this.keystore.crypto, key, contact) };
  }

  /**
   * Rectification: applies the changed fields after validating the whole contact as an import
   * row, so a contact can never be edited into a state an import would refuse. Pass `outer` to
   * make it part of a larger transaction (a privacy request's rectification).
   */
  async update(
    id: string,
    changes: UpdateContactDto,
    outer?: EntityManager,
  ): Promise<{ contact: Contact; fields: IdentifyingFields }> {
    const rectify = async (manager: EntityManager) => {
      const { contact, key, fields } = await this.read(manager, id, true);
      const merged: Record<Field, unknown> = {
        name: changes.name ?? fields.name,
        email: changes.email ?? fields.email,
        country: changes.country ?? contact.country,
        segment: changes.segment ?? contact.segment,
        registrationNumbers: changes.registrationNumbers ?? fields.registrationNumbers,
        role: changes.role === undefined ? contact.role : changes.role,
        relationshipSince:
          changes.relationshipSince === undefined ? contact.relationshipSince : changes.relationshipSince,
        relationshipYears: undefined,
        platform: changes.platform ?? contact.platform,
        language: changes.language ?? contact.language,
      };
      const row = Object.fromEntries(
        Object.entries(merged).map(([field, value]) => [IMPORT_COLUMNS[field as Field], value]),
      );
      const result = validateContactRow(row, this.clock.now());
      if (!result.ok) {
        throw new ValidationProblemException(
          result.errors.map((error) => ({
            field: FIELD_OF_COLUMN.get(error.field as never) ?? error.field,
            message: `${FIELD_OF_COLUMN.get(error.field as never) ?? error.field} ${error.reason}`,
          })),
        );
      }
      const next = result.contact;
      const emailIndex = this.keystore.emailIndex(next.email);
      if (!emailIndex.equals(contact.emailIndex)) {
        const other = await this.repository.idByEmailIndex(emailIndex, manager);
        if (other) throw conflict('Another contact already has this e-mail address.');
      }
      const changed = (Object.keys(changes) as (keyof UpdateContactDto)[]).filter(
        (field) => changes[field] !== undefined,
      );
      Object.assign(contact, encryptContactFields(this.keystore.crypto, key, next, emailIndex), {
        country: next.country,
        segment: next.segment,
        role: next.role,
        relationshipSince: next.relationshipSince,
        platform: next.platform,
        language: next.language,
      });
      const saved = await this.repository.save(contact, manager);
      await this.audit.record(
        { action: 'contact.rectified', resourceType: 'contact', resourceId: contact.id, details: { fields: changed } },
        manager,
      );
      return {
        contact: saved,
        fields: { name: next.name, email: next.email, registrationNumbers: next.registrationNumbers },
      };
    };
    return outer ? rectify(outer) : this.transactions.run(rectify);
  }

  // ---- Privacy rights: the record of processing ----

  /** How many contacts came from each platform, by platform (no personal value). */
  countByPlatform(): Promise<{ platform: string; contacts: number }[]> {
    return this.repository.countByPlatform();
  }

  // Raw responses: following a response to its respondent (ingestion decrypts with their key).

  /** The contact's identifying fields as stored (encrypted under its key), or null when it is gone. */
  async encryptedIdentity(id: string): Promise<Omit<EncryptedContactColumns, 'emailIndex'> | null> {
    const contact = await this.repository.encryptedIdentity(id);
    if (!contact) return null;
    return {
      emailCiphertext: contact.emailCiphertext,
      nameCiphertext: contact.nameCiphertext,
      registrationNumbersCiphertext: contact.registrationNumbersCiphertext,
    };
  }
}
