import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { dateTimeParam, integerParam } from '../common/query-params';
import { IsDate, IsIn, IsInt, IsObject, IsString, Matches, Max, Min } from 'class-validator';
import { IsOmittable, ValidateLanguage } from '../common/validation';
import { LANGUAGES } from '@survey/questionnaire';
import { RespondentBrandDto } from '../branding/branding.dto';
import { FieldErrorDto } from '../common/problem';
import { Segment } from '../contacts/contact.entity';
import { CampaignFunnelDto } from '../delivery/delivery.dto';
import { RELATIONSHIP_BANDS } from './relationship-band';
import { ResponseChannel } from './response.entity';

export const MAX_PROVIDER_BATCH = 1000;
export const MAX_RAW_PAGE = 5000;

// ---------------------------------------------------------------- respondent

export class RespondentAnswersDto {
  /** Question name → answer, as libs/questionnaire defines (see its README). */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { nps: 9, overall: 4 } })
  @IsObject({ message: 'answers must be an object keyed by question name' })
  answers: Record<string, unknown>;

  /** The questionnaire version the answers were given to; the latest published one if left out. */
  @ApiPropertyOptional({ minimum: 1 })
  @IsOmittable()
  @Min(1)
  @IsInt()
  questionnaireVersion?: number;

  /** The language the person answered in; the invitation's if left out. */
  @ValidateLanguage(LANGUAGES, { optional: true, message: `language must be one of: ${LANGUAGES.join(', ')}` })
  language?: string;

  /**
   * The order the person was shown where the questionnaire randomises it: `questions` (page name →
   * question names) and `choices` (question name → choice values), each a permutation. Stored
   * with the response on submit; checked but not kept with a draft.
   */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { questions: { overall: ['satisfaction', 'nps'] }, choices: { mainService: ['hague', 'pct', 'madrid'] } },
  })
  @IsOmittable()
  @IsObject({ message: 'displayOrder must be an object with questions and choices' })
  displayOrder?: Record<string, unknown>;
}

export class PrivacyNoticeSummaryDto {
  @ApiProperty({ description: 'The short notice, in the chosen language' })
  summary: string;

  @ApiProperty({ description: 'Where the full notice and the request form are' })
  url: string;
}

export class DraftDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  answers: Record<string, unknown>;

  @ApiProperty()
  questionnaireVersion: number;

  @ApiProperty({ format: 'date-time' })
  savedAt: string;
}

export class RespondentSurveyDto {
  /** `submitted`: the link has been used to submit; the answers can no longer change. */
  @ApiProperty({ enum: ['open', 'submitted'] })
  status: 'open' | 'submitted';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: string | null;

  /**
   * The language asked for (`lang`), else the invitation's, when the survey offers it; otherwise
   * the survey's default language.
   */
  @ApiProperty({ enum: LANGUAGES })
  language: string;

  /** The languages this questionnaire version is offered in: the only ones to offer the respondent. */
  @ApiProperty({ enum: LANGUAGES, isArray: true })
  languages: string[];

  @ApiProperty({ enum: LANGUAGES })
  defaultLanguage: string;

  @ApiProperty({ enum: ['ltr', 'rtl'] })
  textDirection: 'ltr' | 'rtl';

  @ApiProperty()
  questionnaireVersion: number;

  /** The questionnaire JSON, every language included (a SurveyJS-compatible subset). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  questionnaire: Record<string, unknown>;

  @ApiProperty({ type: PrivacyNoticeSummaryDto })
  privacyNotice: PrivacyNoticeSummaryDto;

  /** How the pages look for this survey: its own brand, else the organisation's. */
  @ApiProperty({ type: RespondentBrandDto })
  brand: RespondentBrandDto;

  @ApiProperty({ type: DraftDto, nullable: true })
  draft: DraftDto | null;
}

/** What a link says about itself, whatever its state: the language its follow-up pages speak. */
export class RespondentLinkDto {
  /** The invitation's language. */
  @ApiProperty({ enum: LANGUAGES })
  language: string;

  @ApiProperty({ enum: ['ltr', 'rtl'] })
  textDirection: 'ltr' | 'rtl';
}

/**
 * The one answer to a request for a new link, whatever happened: it never says whether a
 * message was sent, nor anything about the address it would go to.
 */
export class NewLinkRequestedDto {
  /** Always true: the request was received. */
  @ApiProperty()
  received: boolean;
}

export class DraftSavedDto {
  @ApiProperty({ format: 'date-time' })
  savedAt: string;

  @ApiProperty()
  questionnaireVersion: number;
}

export class SubmissionDto {
  @ApiProperty({ enum: ['submitted'] })
  status: 'submitted';

  /** When the first submission was stored; repeats return the same time. */
  @ApiProperty({ format: 'date-time' })
  submittedAt: string;

  @ApiProperty()
  questionnaireVersion: number;
}

// ---------------------------------------------------------------- provider batch

/** Names the respondent without the provider ever holding their name: an id or an address it collected. */
export class ProviderContactReferenceDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The contact id' })
  id?: string;

  @ApiPropertyOptional({ description: 'The address the respondent gave the provider; matched by blind index' })
  email?: string;
}

/**
 * One response the provider collected. Each item is checked on its own: a bad item is
 * rejected with its reasons and does not stop the others.
 */
export class ProviderResponseItemDto {
  /** The provider's own id for this response (1–128 visible ASCII characters), unique per survey. */
  @ApiProperty({ example: 'cati-2026-000123' })
  providerResponseId: string;

  /** The token of the respondent's invitation link; or give `contact`. */
  @ApiPropertyOptional()
  invitationToken?: string;

  /** The respondent, who must have been invited to this survey; or give `invitationToken`. */
  @ApiPropertyOptional({ type: ProviderContactReferenceDto })
  contact?: ProviderContactReferenceDto;

  @ApiProperty({ type: 'object', additionalProperties: true })
  answers: Record<string, unknown>;

  /** The latest published version if left out. */
  @ApiPropertyOptional({ minimum: 1 })
  questionnaireVersion?: number;

  /** When the respondent answered (not in the future); the time of receipt if left out. */
  @ApiPropertyOptional({ format: 'date-time' })
  submittedAt?: string;

  /** The invitation's language if left out. */
  @ApiPropertyOptional({ enum: LANGUAGES })
  language?: string;

  /** The order the respondent was shown where the questionnaire randomises it, as for web submissions. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  displayOrder?: Record<string, unknown>;
}

/**
 * The batch body, for the OpenAPI description. The route reads the body as it came (a thousand
 * items are not worth copying through class-transformer) and checks it with `parseBatch`.
 */
export class ProviderBatchDto {
  @ApiProperty({ type: [ProviderResponseItemDto], minItems: 1, maxItems: MAX_PROVIDER_BATCH })
  responses: unknown[];
}

export enum ItemOutcome {
  Created = 'created',
  Duplicate = 'duplicate',
  Rejected = 'rejected',
}

export class ProviderItemResultDto {
  /** Position of the item in the batch, from 0. */
  @ApiProperty()
  index: number;

  @ApiProperty({ type: String, nullable: true })
  providerResponseId: string | null;

  @ApiProperty({ enum: ItemOutcome, enumName: 'ItemOutcome' })
  status: ItemOutcome;

  /** The stored response: new (`created`) or the earlier one (`duplicate`). */
  @ApiPropertyOptional({ format: 'uuid' })
  responseId?: string;

  /** Why a `rejected` item was refused; fields are relative to the item (`answers.nps`). */
  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

export class ProviderBatchResultDto {
  @ApiProperty()
  created: number;

  @ApiProperty()
  duplicates: number;

  @ApiProperty()
  rejected: number;

  @ApiProperty({ type: [ProviderItemResultDto] })
  results: ProviderItemResultDto[];
}

// ---------------------------------------------------------------- raw responses

export class RawResponsesQueryDto {
  /** From `nextCursor` of the previous page. */
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  // The whole shape, so that a forged cursor is a 400 here and never reaches PostgreSQL
  // (16 digits of microseconds reach the year 2286).
  @Matches(/^\d{1,16}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'cursor must be a nextCursor value from an earlier page',
  })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RAW_PAGE, default: 1000 })
  @IsOmittable()
  @Transform(integerParam)
  @Min(1)
  @Max(MAX_RAW_PAGE)
  @IsInt()
  limit: number = 1000;

  /** Only responses stored or changed at or after this time. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate({ message: 'updated_since must be a date-time (ISO 8601)' })
  updated_since?: Date;

  /** `csv` or `json` (default); an `Accept: text/csv` header also asks for CSV. */
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOmittable()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class ResponseSnapshotDto {
  @ApiProperty({ example: 'FR' })
  country: string;

  @ApiProperty({ enum: Segment, enumName: 'Segment' })
  segment: string;

  @ApiProperty({ type: String, nullable: true })
  role: string | null;

  @ApiProperty({ enum: RELATIONSHIP_BANDS })
  relationshipBand: string;
}

export class RawResponseDto {
  @ApiProperty({ format: 'uuid' })
  responseId: string;

  /** Stable per respondent within the survey; never a name, address or registration number. */
  @ApiProperty({ example: 'r_3q2-7wJ9cR0S9PcK1Y1mOw' })
  respondent: string;

  @ApiProperty()
  questionnaireVersion: number;

  @ApiProperty({ enum: ResponseChannel, enumName: 'ResponseChannel' })
  channel: ResponseChannel;

  @ApiProperty({ enum: LANGUAGES })
  language: string;

  @ApiProperty({ format: 'date-time' })
  submittedAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: ResponseSnapshotDto })
  snapshot: ResponseSnapshotDto;

  /** Every answer; free text is absent once the respondent's key has been shredded. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  answers: Record<string, unknown>;

  /**
   * The order this respondent was shown where the questionnaire randomises it (`questions`: page
   * name → question names; `choices`: question name → choice values); null when nothing was
   * randomised or the order was not recorded.
   */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  displayOrder: Record<string, unknown> | null;
}

export class RawResponsePageDto {
  @ApiProperty({ type: [RawResponseDto] })
  items: RawResponseDto[];

  /** Pass as `cursor` for the next page; null on the last page. Also in the `X-Next-Cursor` header. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

// ---------------------------------------------------------------- rates and follow-back

export class ResponseRateDto extends CampaignFunnelDto {
  /** completed / invited, 0 when nobody was invited. */
  @ApiProperty({ example: 0.42 })
  responseRate: number;
}

export class CampaignResponseRateDto extends ResponseRateDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  name: string;
}

export class SurveyResponseRatesDto extends ResponseRateDto {
  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  /** Stored responses by channel. */
  @ApiProperty({ example: { web: 120, provider: 30 } })
  responsesByChannel: Record<ResponseChannel, number>;

  @ApiProperty({ type: [CampaignResponseRateDto] })
  campaigns: CampaignResponseRateDto[];
}

export class RespondentIdentityDto {
  @ApiProperty({ format: 'uuid' })
  responseId: string;

  @ApiProperty({ format: 'uuid' })
  invitationId: string;

  @ApiProperty({ format: 'uuid' })
  contactId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: [String] })
  registrationNumbers: string[];
}
