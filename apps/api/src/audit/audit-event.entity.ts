import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AuditActorType = 'staff' | 'api_key' | 'system' | 'anonymous';
export type AuditOutcome = 'success' | 'failure' | 'denied';
/** Only identifiers, counts, names of fields and codes: never a personal value. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/**
 * One entry of the append-only, hash-chained audit log. `hash = sha256(prev_hash || canonical)`
 * where canonical is the event's fields as sorted-key JSON; `seq` numbers events without gaps.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_occurred_at_idx', ['occurredAt'])
@Index('audit_events_actor_idx', ['actorId'])
@Index('audit_events_resource_idx', ['resourceType', 'resourceId'])
@Index('audit_events_action_idx', ['action'])
@Check('audit_events_actor_type_check', `actor_type IN ('staff', 'api_key', 'system', 'anonymous')`)
@Check('audit_events_outcome_check', `outcome IN ('success', 'failure', 'denied')`)
export class AuditEvent {
  @PrimaryColumn('bigint')
  seq: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_type', type: 'text' })
  actorType: AuditActorType;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null;

  @Column('text')
  action: string;

  @Column({ name: 'resource_type', type: 'text' })
  resourceType: string;

  @Column({ name: 'resource_id', type: 'text', nullable: true })
  resourceId: string | null;

  @Column({ type: 'text', nullable: true })
  purpose: string | null;

  @Column('text')
  outcome: AuditOutcome;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details: AuditDetails;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}

/** The end of the chain, updated with every append; appends lock this one row to stay in order. */
@Entity({ name: 'audit_chain_head' })
@Check('audit_chain_head_single_row', 'id = 1')
export class AuditChainHead {
  @PrimaryColumn('smallint')
  id: number;

  @Column({ name: 'last_seq', type: 'bigint' })
  lastSeq: string;

  @Column({ name: 'last_hash', type: 'char', length: 64 })
  lastHash: string;
}
