import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { WebhookEventType } from './webhook.entity';

// The bodies of the events, as receivers get them: `{ type, timestamp, data }` (the Standard
// Webhooks convention). Pseudonymous by construction: ids, codes, closed answers and the
// demographic snapshot statistics use; never a name, e-mail address, registration number, token
// or free-text answer. Each is published in the OpenAPI document's `webhooks` section.

export class WebhookDemographicsDto {
  /** ISO 3166-1 alpha-2 country code. */
  @ApiProperty({ example: 'FR' })
  country: string;

  /** agent, applicant, holder or representative. */
  @ApiProperty()
  segment: string;

  @ApiProperty({ type: String, nullable: true })
  role: string | null;

  /** Length of the relationship, as a band: under-1y, 1-3y, 3-5y, 5-10y, 10y-plus or unknown. */
  @ApiProperty()
  relationshipBand: string;
}

export class ResponseSubmittedDataDto {
  @ApiProperty({ format: 'uuid' })
  responseId: string;

  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty()
  questionnaireVersion: number;

  /** Stable per respondent and survey; unlinkable across surveys. */
  @ApiProperty({ example: 'r_3q2xv9k1m0a8b7c6d5e4f3' })
  pseudonym: string;

  /** How the response arrived: `web` (the survey page) or `provider` (a provider batch). */
  @ApiProperty()
  channel: string;

  @ApiProperty({ example: 'fr' })
  language: string;

  @ApiProperty({ format: 'date-time' })
  submittedAt: string;

  /** The closed answers, by question name (free-text answers are never sent). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  answers: Record<string, unknown>;

  @ApiProperty({ type: WebhookDemographicsDto })
  demographics: WebhookDemographicsDto;
}

export class CampaignCompletedDataDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  /** Invitations the campaign made. */
  @ApiProperty()
  invited: number;

  @ApiProperty({ format: 'date-time' })
  completedAt: string;
}

export class ReportPublishedDataDto {
  @ApiProperty({ format: 'uuid' })
  reportId: string;

  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty({ format: 'date-time' })
  publishedAt: string;
}

export class PrivacyRequestCompletedDataDto {
  @ApiProperty({ format: 'uuid' })
  privacyRequestId: string;

  /** access, rectification or erasure. */
  @ApiProperty()
  kind: string;

  @ApiProperty({ format: 'date-time' })
  completedAt: string;
}

export class ErasureRequestedDataDto {
  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  /** The respondent's pseudonym in that survey: delete everything held under it. */
  @ApiProperty({ example: 'r_3q2xv9k1m0a8b7c6d5e4f3' })
  pseudonym: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt: string;
}

function envelope(type: WebhookEventType, data: new () => object, description: string) {
  class Envelope {
    @ApiProperty({ enum: [type] })
    type: WebhookEventType;

    /** When the event occurred. */
    @ApiProperty({ format: 'date-time' })
    timestamp: string;

    @ApiProperty({ type: data })
    data: object;
  }
  Object.defineProperty(Envelope, 'name', { value: `${data.name.replace(/DataDto$/, '')}EventDto` });
  return { type, model: Envelope, description };
}

export const WEBHOOK_EVENT_MODELS = [
  envelope(
    WebhookEventType.ResponseSubmitted,
    ResponseSubmittedDataDto,
    'A response was stored, from any channel (the survey page or a provider batch).',
  ),
  envelope(
    WebhookEventType.CampaignCompleted,
    CampaignCompletedDataDto,
    'A campaign finished sending its invitations.',
  ),
  envelope(WebhookEventType.ReportPublished, ReportPublishedDataDto, 'A statistical report was published.'),
  envelope(
    WebhookEventType.PrivacyRequestCompleted,
    PrivacyRequestCompletedDataDto,
    'A privacy request was completed (the person is not named).',
  ),
  envelope(
    WebhookEventType.ErasureRequested,
    ErasureRequestedDataDto,
    'A person was erased: delete the copies held under this pseudonym.',
  ),
];

/** The event body models, for the document's components. */
export const WEBHOOK_EXTRA_MODELS = WEBHOOK_EVENT_MODELS.map((event) => event.model);

const SIGNATURE_HEADERS = [
  {
    name: 'webhook-id',
    description: 'The message id, the same on every retry and replay: receivers deduplicate on it.',
    example: 'msg_9b2f0f8e-3c1d-4f4a-9d0e-6a1b2c3d4e5f',
  },
  {
    name: 'webhook-timestamp',
    description: 'Seconds since the epoch when this attempt was signed.',
    example: '1797610000',
  },
  {
    name: 'webhook-signature',
    description:
      'Space-separated `v1,<base64 HMAC-SHA256>` signatures (Standard Webhooks); two during a secret rotation’s overlap.',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  },
];

/**
 * Adds the OpenAPI 3.1 `webhooks` section: one POST per event type, with its body's schema and
 * the Standard Webhooks signature headers. Receivers answer 2xx; anything else (3xx included) is
 * a failure and is retried.
 */
export function documentWebhooks(document: OpenAPIObject): void {
  const webhooks: Record<string, unknown> = {};
  for (const { type, model, description } of WEBHOOK_EVENT_MODELS) {
    webhooks[type] = {
      post: {
        operationId: `${model.name.replace(/Dto$/, '').replace(/^./, (c) => c.toLowerCase())}`,
        // Authenticated by the signature headers, not by a security scheme of the API.
        security: [],
        summary: description,
        description:
          'Signed per the Standard Webhooks specification; verify the signature before trusting the body. ' +
          'Delivery is at least once and order is not guaranteed.',
        parameters: SIGNATURE_HEADERS.map(({ name, description: about, example }) => ({
          name,
          in: 'header',
          required: true,
          description: about,
          schema: { type: 'string', example },
        })),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: getSchemaPath(model) } } },
        },
        responses: { '2XX': { description: 'Received; any other answer is retried.' } },
      },
    };
  }
  (document as { webhooks?: unknown }).webhooks = webhooks;
}
