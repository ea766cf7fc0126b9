import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The chain head as it stood at the last event cut by retention, signed (HMAC-SHA256 under the
 * audit checkpoint key), so that `GET /audit-events/verify` can start from it once the events
 * before it are gone. Written in the same transaction as each cut; only the latest one is kept.
 * A trigger lets DELETE reach audit events only up to the highest checkpoint.
 */
@Entity({ name: 'audit_checkpoints' })
export class AuditCheckpoint {
  /** The last event the checkpoint covers (events up to it may be deleted). */
  @PrimaryColumn('bigint')
  seq: string;

  /** That event's hash: the next event's `prev_hash`. */
  @Column({ type: 'char', length: 64 })
  hash: string;

  /** When that event occurred. */
  @Column({ name: 'event_occurred_at', type: 'timestamptz' })
  eventOccurredAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Fingerprint of the signing key (first 8 bytes of its HMAC over 'key-id', hex). */
  @Column({ name: 'key_id', type: 'text' })
  keyId: string;

  /** HMAC-SHA256 of the canonical checkpoint, hex. */
  @Column({ type: 'text' })
  signature: string;
}
