import { createHmac, timingSafeEqual } from 'node:crypto';
import { sortKeys } from '../common/sorted-keys';

/** What a checkpoint signature covers. */
export interface CheckpointFields {
  seq: string;
  hash: string;
  eventOccurredAt: Date;
  createdAt: Date;
}

function canonicalCheckpoint(fields: CheckpointFields): string {
  return JSON.stringify(
    sortKeys({
      seq: fields.seq,
      hash: fields.hash,
      eventOccurredAt: fields.eventOccurredAt.toISOString(),
      createdAt: fields.createdAt.toISOString(),
    }),
  );
}

/**
 * Signs and checks audit checkpoints with HMAC-SHA256 under the checkpoint key (AUDIT_CHECKPOINT_KEY,
 * or a key derived from MASTER_KEY). Without the key, nobody can cut the log and leave a
 * checkpoint that verifies.
 */
export class CheckpointSigner {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    this.keyId = createHmac('sha256', key).update('key-id').digest().subarray(0, 8).toString('hex');
  }

  sign(fields: CheckpointFields): string {
    return createHmac('sha256', this.key).update(canonicalCheckpoint(fields)).digest('hex');
  }

  verifies(fields: CheckpointFields, signature: string): boolean {
    const expected = Buffer.from(this.sign(fields), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
