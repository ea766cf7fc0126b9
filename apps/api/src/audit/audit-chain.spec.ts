import { createHash } from 'node:crypto';
import { canonicalEvent, ChainedFields, chainHash, GENESIS_HASH } from './audit-chain';

const event: ChainedFields = {
  seq: '1',
  occurredAt: new Date('2026-03-04T05:06:07.089Z'),
  actorType: 'staff',
  actorId: '5b0d4c43-2f0e-4a8e-9f5e-0c1a2b3c4d5e',
  action: 'user.created',
  resourceType: 'staff_user',
  resourceId: 'a3f1c2d4-1111-4222-8333-944455556666',
  purpose: null,
  outcome: 'success',
  requestId: 'req-0001-abcd',
  details: { role: 'analyst', count: 2, mfa: true, fields: ['b', 'a'], none: null },
};

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonicalEvent', () => {
  it('is sorted-key JSON of every chained field, with the time in ISO 8601', () => {
    expect(canonicalEvent(event)).toBe(
      '{"action":"user.created","actorId":"5b0d4c43-2f0e-4a8e-9f5e-0c1a2b3c4d5e","actorType":"staff",' +
        '"details":{"count":2,"fields":["b","a"],"mfa":true,"none":null,"role":"analyst"},' +
        '"occurredAt":"2026-03-04T05:06:07.089Z","outcome":"success","purpose":null,' +
        '"requestId":"req-0001-abcd","resourceId":"a3f1c2d4-1111-4222-8333-944455556666",' +
        '"resourceType":"staff_user","seq":"1"}',
    );
  });

  it('does not depend on the key order of details (jsonb does not keep it)', () => {
    const reordered: ChainedFields = {
      ...event,
      details: { none: null, fields: ['b', 'a'], mfa: true, count: 2, role: 'analyst' },
    };
    expect(canonicalEvent(reordered)).toBe(canonicalEvent(event));
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, event));
  });

  it('does not depend on the key order of the event object itself', () => {
    const reversed = Object.fromEntries(Object.entries(event).reverse()) as unknown as ChainedFields;
    expect(canonicalEvent(reversed)).toBe(canonicalEvent(event));
  });

  it('keeps the order of arrays in details, which is meaningful', () => {
    const swapped: ChainedFields = { ...event, details: { ...event.details, fields: ['a', 'b'] } };
    expect(canonicalEvent(swapped)).not.toBe(canonicalEvent(event));
  });

  it('tells null apart from the string "null" and from an absent detail', () => {
    const asString: ChainedFields = { ...event, actorId: 'null' };
    expect(canonicalEvent(asString)).not.toBe(canonicalEvent(event));
    const { none: _none, ...withoutNone } = event.details;
    expect(canonicalEvent({ ...event, details: withoutNone })).not.toBe(canonicalEvent(event));
  });
});

describe('chainHash', () => {
  it('is a 64-hex SHA-256 that starts the chain from the all-zero genesis hash', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is sha256(prev_hash || canonical(event)) (known vector)', () => {
    expect(chainHash(GENESIS_HASH, event)).toBe(sha256(GENESIS_HASH + canonicalEvent(event)));
    // Pinned (computed outside the implementation), so a change of the formula or of the
    // canonical form, which would break every stored chain, cannot go unnoticed.
    expect(chainHash(GENESIS_HASH, event)).toBe('a638277dda8e986eea07503afecfb18af5b202f8713bb07997b662f6fab6de2a');
  });

  it('links each event to the one before it', () => {
    const first = chainHash(GENESIS_HASH, event);
    const second: ChainedFields = { ...event, seq: '2', action: 'auth.login', details: {} };
    expect(chainHash(first, second)).toBe(sha256(first + canonicalEvent(second)));
    expect(chainHash(first, second)).not.toBe(chainHash(GENESIS_HASH, second));
  });

  it('changes when prev_hash changes, even by one character', () => {
    const prev = 'a'.repeat(64);
    const other = 'a'.repeat(63) + 'b';
    expect(chainHash(prev, event)).not.toBe(chainHash(other, event));
  });

  const changes: Array<[keyof ChainedFields, Partial<ChainedFields>]> = [
    ['seq', { seq: '2' }],
    ['occurredAt', { occurredAt: new Date(event.occurredAt.getTime() + 1) }],
    ['actorType', { actorType: 'api_key' }],
    ['actorId', { actorId: null }],
    ['action', { action: 'user.deleted' }],
    ['resourceType', { resourceType: 'api_key' }],
    ['resourceId', { resourceId: 'a3f1c2d4-1111-4222-8333-944455556667' }],
    ['purpose', { purpose: 'survey-analysis' }],
    ['outcome', { outcome: 'failure' }],
    ['requestId', { requestId: null }],
    ['details', { details: { ...event.details, role: 'admin' } }],
  ];

  it.each(changes)('changes when %s changes', (_field, change) => {
    const changed: ChainedFields = { ...event, ...change };
    expect(canonicalEvent(changed)).not.toBe(canonicalEvent(event));
    expect(chainHash(GENESIS_HASH, changed)).not.toBe(chainHash(GENESIS_HASH, event));
  });

  it('covers every field of ChainedFields', () => {
    expect(changes.map(([field]) => field).sort()).toEqual(Object.keys(event).sort());
  });
});
