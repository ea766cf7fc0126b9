import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum Segment {
  Agent = 'agent',
  Applicant = 'applicant',
  Holder = 'holder',
  Representative = 'representative',
}

export const SEGMENTS = Object.values(Segment);

/**
 * A person the filing platforms say used the organisation's services (P1). The id is also the
 * data-subject id of their key in keystore.subject_keys. Name, e-mail and registration numbers
 * exist only as ciphertext under that key; the e-mail is found through its blind index.
 */
@Entity({ name: 'contacts' })
@Check('contacts_segment_check', `segment IN ('agent', 'applicant', 'holder', 'representative')`)
@Check('contacts_country_check', `country ~ '^[A-Z]{2}$'`)
@Index('contacts_targeting_idx', ['country', 'segment'])
@Index('contacts_collected_at_idx', ['collectedAt'])
export class Contact {
  @PrimaryColumn('uuid')
  id: string;

  /** HMAC of the lower-cased address: one contact per address, found without decrypting. */
  @Column({ name: 'email_index', type: 'bytea', unique: true })
  emailIndex: Buffer;

  @Column({ name: 'email_ciphertext', type: 'bytea' })
  emailCiphertext: Buffer;

  @Column({ name: 'name_ciphertext', type: 'bytea' })
  nameCiphertext: Buffer;

  /** JSON array of international registration numbers, encrypted; null when none were given. */
  @Column({ name: 'registration_numbers_ciphertext', type: 'bytea', nullable: true })
  registrationNumbersCiphertext: Buffer | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'text' })
  segment: Segment;

  @Column({ type: 'text', nullable: true })
  role: string | null;

  @Column({ name: 'relationship_since', type: 'date', nullable: true })
  relationshipSince: string | null;

  /** Filing platform the extract came from (ePCT, Madrid, Hague, ...). */
  @Column({ type: 'text' })
  platform: string;

  /** Language for mail and the survey page: en, fr, es, ar, zh or ru. */
  @Column({ type: 'text', default: 'en' })
  language: string;

  /** Retention clock: when the data was last collected (import) or the person last invited. */
  @Column({ name: 'collected_at', type: 'timestamptz' })
  collectedAt: Date;

  /**
   * The person objected to being contacted (a privacy request of type objection): no campaign or
   * reminder reaches them any more, whatever survey. Kept by re-imports of the same address.
   */
  @Column({ name: 'objected_at', type: 'timestamptz', nullable: true })
  objectedAt: Date | null;

  @Column({ name: 'last_import_id', type: 'uuid', nullable: true })
  lastImportId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
