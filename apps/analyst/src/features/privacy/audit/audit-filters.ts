import type { components } from '@survey/api-client';

export type AuditEvent = components['schemas']['AuditEventDto'];
export type ActorType = AuditEvent['actorType'];
export type Outcome = AuditEvent['outcome'];
export const ACTOR_TYPES = ['staff', 'api_key', 'system', 'anonymous'] as const satisfies readonly ActorType[];
export const OUTCOMES = ['success', 'failure', 'denied'] as const satisfies readonly Outcome[];
export const FILTERS = ['actorType', 'outcome', 'action', 'resourceType', 'resourceId', 'from', 'to'] as const;
export type FilterName = (typeof FILTERS)[number];
export type FilterValues = Partial<Record<FilterName, string>>;
