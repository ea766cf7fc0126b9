import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { LANGUAGES } from '@survey/questionnaire';
import { IsOmittable, ValidateEnum, ValidateLanguage } from '../common/validation';
import { PLACEHOLDERS } from './mail-texts';

const TEXTS_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description:
    'Per kind (`invitation`, `reminder`) and language: `{ subject, body }`. Placeholders: {name}, {link}, ' +
    '{optOutLink}, {deadline}; the body must contain {link}; the subject may only use {deadline}.',
  example: { invitation: { en: { subject: 'Your opinion counts', body: 'Dear {name},\n\nPlease answer: {link}' } } },
} as const;

export enum MailKind {
  Invitation = 'invitation',
  Reminder = 'reminder',
}

export class MailTextsDto {
  /** The version campaigns started from now use; null while the survey uses the platform's texts. */
  @ApiProperty({ type: Number, nullable: true })
  version: number | null;

  @ApiProperty(TEXTS_SCHEMA)
  texts: Record<string, unknown>;

  /** The placeholders a text may use. */
  @ApiProperty({ type: [String], example: PLACEHOLDERS })
  placeholders: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  changedAt: string | null;
}

export class UpdateMailTextsDto {
  /** The whole set of texts: a kind or language left out uses the platform's text. */
  @ApiProperty(TEXTS_SCHEMA)
  @IsObject({ message: 'texts must be an object' })
  texts: Record<string, unknown>;
}

export class MailPreviewRequestDto {
  @ValidateEnum(MailKind, { name: 'MailKind', message: 'kind must be invitation or reminder' })
  kind: MailKind;

  @ValidateLanguage(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language: string;

  /** Texts to preview before saving them; the saved ones (or the platform's) when left out. */
  @ApiPropertyOptional(TEXTS_SCHEMA)
  @IsOmittable()
  @IsObject({ message: 'texts must be an object' })
  texts?: Record<string, unknown>;
}

export class MailPreviewDto {
  @ApiProperty()
  subject: string;

  @ApiProperty()
  text: string;

  /** The HTML part, every value escaped (sample name, links and notice). */
  @ApiProperty()
  html: string;

  @ApiProperty({ enum: LANGUAGES })
  language: string;
}

export class MailTestSendDto {
  @ValidateEnum(MailKind, { name: 'MailKind', message: 'kind must be invitation or reminder' })
  kind: MailKind;

  @ValidateLanguage(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language: string;
}

export class MailTestSentDto {
  /** Queued for the staff member's own address, which is not repeated here. */
  @ApiProperty({ enum: ['queued'] })
  status: 'queued';
}
