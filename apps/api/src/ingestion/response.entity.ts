import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { Campaign, Invitation } from '../delivery/campaign.entity';
import { Survey } from '../surveys/survey.entity';

export enum ResponseChannel {
  Web = 'web',
  Provider = 'provider',
}

/**
 * One submitted answer set. It names no person: the link to the contact is the invitation
 * (set to null if the invitation goes), the demographics are a snapshot taken at submission,
 * and free-text answers are encrypted under the respondent's key, so shredding that key makes
 * them unreadable while the closed answers stay usable for statistics.
 */
@Entity({ name: 'responses' })
@Unique('responses_invitation_key', ['invitationId'])
@Index('responses_survey_provider_id_key', ['surveyId', 'providerResponseId'], {
  unique: true,
  where: 'provider_response_id IS NOT NULL',
})
@Index('responses_survey_updated_idx', ['surveyId', 'updatedAt', 'id'])
@Index('responses_campaign_idx', ['campaignId'])
@Index('responses_survey_submitted_idx', ['surveyId', 'submittedAt'])
// A BRIN index made by its migration (TypeORM does not write BRIN): reports' cut by reception time.
@Index('responses_received_brin', { synchronize: false })
@Check('responses_channel_check', `channel IN ('web', 'provider')`)
@Check('responses_provider_id_check', `(channel = 'provider') = (provider_response_id IS NOT NULL)`)
export class SurveyResponse {
  /** Made by the application, so the free-text ciphertext can be bound to it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ name: 'questionnaire_version', type: 'integer' })
  questionnaireVersion: number;

  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  @ManyToOne(() => Invitation, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  /**
   * The campaign whose invitation was answered, copied when the response is stored so that
   * statistics can filter by campaign even after the link to the invitation is removed.
   */
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  @ManyToOne(() => Campaign, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Campaign;

  /** Keyed hash of survey and contact: the same respondent always gets the same pseudonym. */
  @Column({ name: 'respondent_pseudonym', type: 'text' })
  respondentPseudonym: string;

  @Column({ type: 'text' })
  channel: ResponseChannel;

  /** The provider's own id for the response, unique per survey: what makes a retried batch harmless. */
  @Column({ name: 'provider_response_id', type: 'text', nullable: true })
  providerResponseId: string | null;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @ManyToOne(() => ApiKey, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'api_key_id' })
  apiKey?: ApiKey;

  /** Every answer except free text. */
  @Column({ type: 'jsonb' })
  answers: object;

  /**
   * The order the respondent was shown where the questionnaire randomises it (libs/questionnaire
   * order.ts): question names per page, choice values per question. Not personal data; kept so
   * that order effects can be analysed. Null when nothing was randomised or it was not recorded.
   */
  @Column({ name: 'display_order', type: 'jsonb', nullable: true })
  displayOrder: object | null;

  /** The answers as counters statistics add up in PostgreSQL (statistics/tally.ts). */
  @Column({ type: 'bigint', array: true })
  tally: string[];

  /** Free-text answers as one JSON object, encrypted under the respondent's key; null when there are none. */
  @Column({ name: 'free_text', type: 'bytea', nullable: true })
  freeText: Buffer | null;

  /**
   * Set once the response was anonymised (its survey closed): the invitation link and the
   * pseudonym are gone and the free text, if any, is encrypted under `freeTextKeyId`.
   */
  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  /**
   * The keystore subject whose key encrypts `free_text` once the response is anonymised (a key
   * per survey and day of submission, see retention/anonymised-text-key.entity.ts); null while
   * the free text is under the respondent's own key.
   */
  @Column({ name: 'free_text_key_id', type: 'uuid', nullable: true })
  freeTextKeyId: string | null;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text' })
  country: string;

  @Column({ type: 'text' })
  segment: string;

  @Column({ type: 'text', nullable: true })
  role: string | null;

  @Column({ name: 'relationship_band', type: 'text' })
  relationshipBand: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** Raised by any later change (anonymisation, rectification), for `updated_since` readers. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The first answer given to a provider request with an `Idempotency-Key`, replayed to retries. */
@Entity({ name: 'provider_idempotency_keys' })
@Index('provider_idempotency_keys_created_idx', ['apiKeyId', 'createdAt'])
export class ProviderIdempotencyKey {
  @PrimaryColumn({ name: 'api_key_id', type: 'uuid' })
  apiKeyId: string;

  @ManyToOne(() => ApiKey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'api_key_id' })
  apiKey?: ApiKey;

  /** SHA-256 of the header value. */
  @PrimaryColumn({ name: 'key_hash', type: 'bytea' })
  keyHash: Buffer;

  /** SHA-256 of the survey id and the canonical request body: a reused key with another body is refused. */
  @Column({ name: 'request_hash', type: 'bytea' })
  requestHash: Buffer;

  @Column({ name: 'status', type: 'integer' })
  status: number;

  /**
   * Per-item results: provider ids, response ids, field names and reasons; never answers. `json`
   * (not jsonb) keeps the text as written, so a replay is the same bytes as the first answer.
   */
  @Column({ type: 'json', nullable: true })
  body: object | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
