import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum MailStatus {
  Pending = 'pending',
  Sending = 'sending',
  Sent = 'sent',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

/**
 * Transactional outbox: a message is written in the same transaction as what it announces and
 * sent later by whichever replica claims it. The message (address, body with its secret link)
 * is encrypted under the recipient's subject key and dropped once sent.
 */
@Entity({ name: 'mail_outbox' })
@Index('mail_outbox_due_idx', ['nextAttemptAt'], { where: `status IN ('pending', 'sending')` })
@Index('mail_outbox_invitation_idx', ['invitationId'])
@Index('mail_outbox_subject_idx', ['subjectId'])
@Index('mail_outbox_created_idx', ['createdAt'])
@Check('mail_outbox_status_check', `status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')`)
export class MailOutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Whose key encrypts the message; erasing that person shreds it. */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  /** invitation, reminder, ... */
  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  /**
   * Encrypted JSON {to, subject, text, html}, or, when `renderer` is set, the ingredients that
   * renderer builds the message from when it is sent; null once sent, failed or cancelled.
   */
  @Column({ name: 'message_ciphertext', type: 'bytea', nullable: true })
  messageCiphertext: Buffer | null;

  /** What renders the message at send time (see MailOutboxService.registerRenderer); null: already rendered. */
  @Column({ type: 'text', nullable: true })
  renderer: string | null;

  @Column({ type: 'text', default: MailStatus.Pending })
  status: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  /** A claimed message not finished by then is claimed again (its sender died). */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** SMTP status and a short reason; never an address. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
