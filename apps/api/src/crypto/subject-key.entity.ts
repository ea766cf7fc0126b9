import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One data key per data subject (a contact, later a privacy requester), wrapped by the master
 * key. Kept in its own schema so that it can be granted, backed up and shredded apart from the
 * data it unlocks: deleting a row here makes every ciphertext of that subject unreadable.
 */
@Entity({ name: 'subject_keys', schema: 'keystore' })
export class SubjectKeyRow {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'wrapped_key', type: 'bytea' })
  wrappedKey: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
