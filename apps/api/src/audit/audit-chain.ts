import { createHash } from 'node:crypto';
import { sortKeys } from '../common/sorted-keys';
import type { AuditDetails } from './audit-event.entity';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers, in the form they are stored and read back. */
export interface ChainedFields {
  seq: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  purpose: string | null;
  outcome: string;
  requestId: string | null;
  details: AuditDetails;
}

/** Sorted-key JSON, so the same event always gives the same bytes (jsonb does not keep key order). */
export function canonicalEvent(event: ChainedFields): string {
  return JSON.stringify(
    sortKeys({
      seq: event.seq,
      occurredAt: event.occurredAt.toISOString(),
      actorType: event.actorType,
      actorId: event.actorId,
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      purpose: event.purpose,
      outcome: event.outcome,
      requestId: event.requestId,
      details: event.details,
    }),
  );
}

/** `sha256(prev_hash || canonical(event))`, hex. */
export function chainHash(prevHash: string, event: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(event)).digest('hex');
}
