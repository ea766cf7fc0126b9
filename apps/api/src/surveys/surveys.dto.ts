import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsObject, Max, Min } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { FieldErrorDto } from '../common/problem';
import {
  MAX_RETENTION_MONTHS,
  MIN_GROUP_SIZE_FLOOR,
  QuestionnaireVersion,
  Survey,
  SurveyStatus,
} from './survey.entity';
import { IsOmittable, ValidateLanguage, ValidateText } from '../common/validation';
import { LANGUAGES } from '@survey/questionnaire';

const LANGUAGE_LIST = LANGUAGES.join(', ');

const QUESTIONNAIRE_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'A questionnaire in the format of libs/questionnaire (a documented subset of SurveyJS JSON).',
} as const;

/**
 * The checks on a survey's settings, shared by creating and changing one; each of those DTOs
 * documents the fields in its own terms (defaults apply only when creating).
 */
class SurveySettingsFields {
  @ValidateText({ max: 200, message: 'name must be 1 to 200 characters long (not only spaces)' })
  name: string;

  @ApiPropertyOptional(QUESTIONNAIRE_SCHEMA)
  @IsOmittable()
  @IsObject({ message: 'questionnaire must be a JSON object' })
  questionnaire?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RETENTION_MONTHS })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_MONTHS, { message: `retentionMonths must not exceed ${MAX_RETENTION_MONTHS}` })
  retentionMonths?: number;

  @ApiPropertyOptional({ minimum: MIN_GROUP_SIZE_FLOOR })
  @IsOmittable()
  @IsInt()
  @Min(MIN_GROUP_SIZE_FLOOR, { message: `minGroupSize must be at least ${MIN_GROUP_SIZE_FLOOR}` })
  @Max(1000)
  minGroupSize?: number;

  /**
   * Remove the link between each response and the person who gave it for good once the survey is
   * closed: the responses are then no longer personal data.
   */
  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean({ message: 'anonymiseAtClose must be true or false' })
  anonymiseAtClose?: boolean;

  /** The languages the survey is offered in: at least one of the six, none twice. */
  @ValidateLanguage(LANGUAGES, {
    each: true,
    optional: true,
    message: `languages must be a non-empty list of distinct languages among ${LANGUAGE_LIST}`,
  })
  languages?: string[];

  /** The language of invitees whose own language the survey does not offer; one of `languages`. */
  @ValidateLanguage(LANGUAGES, { optional: true, message: `defaultLanguage must be one of ${LANGUAGE_LIST}` })
  defaultLanguage?: string;
}

export class CreateSurveyDto extends SurveySettingsFields {
  /** Internal name staff know the survey by. */
  declare name: string;

  /** Starting questionnaire; it may be incomplete while the survey is a draft. */
  declare questionnaire?: Record<string, unknown>;

  /** Months personal data of this survey is kept; at most 24 (and at most RETENTION_MONTHS). */
  declare retentionMonths?: number;

  /** k: published figures describe at least this many respondents; never below 3. */
  declare minGroupSize?: number;

  /**
   * Remove the link between each response and the person who gave it for good once the survey is
   * closed (default true): the responses are then no longer personal data.
   */
  declare anonymiseAtClose?: boolean;

  /** The languages the survey is offered in (default: all six). */
  declare languages?: string[];

  /** The language of invitees whose own language the survey does not offer (default: en, or the first language). */
  declare defaultLanguage?: string;
}
// What a new survey gets for a setting left out (a change leaves it as it is): decorators cannot
// go on a `declare` field.
ApiPropertyOptional({ default: 5 })(CreateSurveyDto.prototype, 'minGroupSize');
ApiPropertyOptional({ default: true })(CreateSurveyDto.prototype, 'anonymiseAtClose');

/** Every setting may be changed on its own; a property left out keeps its value. */
export class UpdateSurveyDto extends PartialType(SurveySettingsFields, { skipNullProperties: false }) {}

export class SurveyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SurveyStatus, enumName: 'SurveyStatus' })
  @IsOmittable()
  @IsEnum(SurveyStatus, { message: 'status must be draft, open or closed' })
  status?: SurveyStatus;
}

/** `?dryRun=true`: check the SurveyJS JSON and show what would be saved, without saving it. */
export class SurveyJsImportQueryDto {
  /** Check only: list the problems, or show the questionnaire that would be saved, and change nothing. */
  @ApiPropertyOptional({ default: false })
  @IsOmittable()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export const SURVEYJS_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description:
    'A questionnaire as SurveyJS JSON, within the subset docs/surveyjs.md lists. Texts are SurveyJS localisable strings: "default" is English, or the language `locale` names in a text without an entry of its own for it.',
} as const;

export class SurveyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: SurveyStatus, enumName: 'SurveyStatus' })
  status: SurveyStatus;

  /** The questionnaire being edited (publishing freezes it as the next version). */
  @ApiProperty(QUESTIONNAIRE_SCHEMA)
  questionnaire: Record<string, unknown>;

  /** What publishing would refuse in the edited questionnaire; empty when it can be published. */
  @ApiProperty({ type: [FieldErrorDto] })
  questionnaireProblems: FieldErrorDto[];

  /** Whether the edited questionnaire differs from the latest published version. */
  @ApiProperty()
  hasUnpublishedChanges: boolean;

  @ApiProperty({ type: Number, nullable: true })
  publishedVersion: number | null;

  @ApiProperty()
  retentionMonths: number;

  @ApiProperty()
  minGroupSize: number;

  /** Whether responses lose their link to the respondent once the survey is closed. */
  @ApiProperty()
  anonymiseAtClose: boolean;

  /** The languages the survey is offered in (as edited; the published version keeps its own). */
  @ApiProperty({ enum: LANGUAGES, isArray: true })
  languages: string[];

  /** The language of invitees whose own language the survey does not offer. */
  @ApiProperty({ enum: LANGUAGES })
  defaultLanguage: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  openedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export function toSurveyDto(survey: Survey, problems: FieldErrorDto[], hasUnpublishedChanges: boolean): SurveyDto {
  return {
    id: survey.id,
    name: survey.name,
    status: survey.status,
    questionnaire: survey.draftQuestionnaire as Record<string, unknown>,
    questionnaireProblems: problems,
    hasUnpublishedChanges,
    publishedVersion: survey.publishedVersion,
    retentionMonths: survey.retentionMonths,
    minGroupSize: survey.minGroupSize,
    anonymiseAtClose: survey.anonymiseAtClose,
    languages: survey.languages,
    defaultLanguage: survey.defaultLanguage,
    openedAt: survey.openedAt?.toISOString() ?? null,
    closedAt: survey.closedAt?.toISOString() ?? null,
    createdAt: survey.createdAt.toISOString(),
    updatedAt: survey.updatedAt.toISOString(),
  };
}

export class QuestionnaireVersionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty()
  version: number;

  @ApiProperty(QUESTIONNAIRE_SCHEMA)
  questionnaire: Record<string, unknown>;

  /** The languages respondents of this version may choose from. */
  @ApiProperty({ enum: LANGUAGES, isArray: true })
  languages: string[];

  @ApiProperty({ enum: LANGUAGES })
  defaultLanguage: string;

  @ApiProperty({ format: 'date-time' })
  publishedAt: string;
}

export function toQuestionnaireVersionDto(version: QuestionnaireVersion): QuestionnaireVersionDto {
  return {
    id: version.id,
    surveyId: version.surveyId,
    version: version.version,
    questionnaire: version.questionnaire as Record<string, unknown>,
    languages: version.languages,
    defaultLanguage: version.defaultLanguage,
    publishedAt: version.publishedAt.toISOString(),
  };
}

export class SurveyJsImportDto {
  /** False on a dry run: nothing was saved. */
  @ApiProperty()
  applied: boolean;

  /** The questionnaire as saved (on a dry run, as it would be), in this platform's format. */
  @ApiProperty(QUESTIONNAIRE_SCHEMA)
  questionnaire: Record<string, unknown>;

  /** The survey after the import; on a dry run, as it stands. */
  @ApiProperty({ type: () => SurveyDto })
  survey: SurveyDto;
}
