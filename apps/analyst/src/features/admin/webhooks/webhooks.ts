import type { components } from '@survey/api-client';

export type Subscription = components['schemas']['WebhookSubscriptionDto'];
export type Delivery = components['schemas']['WebhookDeliveryDto'];
export type WebhookEvent = components['schemas']['WebhookEventType'];

/** The events a receiver may subscribe to, in the order the form lists them. */
export const EVENTS = [
  'response.submitted',
  'campaign.completed',
  'report.published',
  'privacy-request.completed',
  'erasure.requested',
] as const satisfies readonly WebhookEvent[];

/** The receiver's host (and port): enough to recognise it, without its path or query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** A secret to show once, with the subscription it signs for. */
export interface ShownSecret {
  name: string;
  secret: string;
}
