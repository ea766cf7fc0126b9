import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { NOTICE_LANGUAGES, NoticeLanguage, TextDirection } from './notice-languages';
import { IsOmittable, trimmedLowerCase, ValidateUUID } from '../common/validation';

export const NOTICE_SECTION_IDS = ['data-held', 'recipients', 'purpose', 'security', 'rights', 'retention'] as const;
export type NoticeSectionId = (typeof NOTICE_SECTION_IDS)[number];

export class PrivacyNoticeQueryDto {
  /** Language of the notice; English when absent. */
  @ApiPropertyOptional({
    enum: NOTICE_LANGUAGES,
    enumName: 'NoticeLanguage',
    default: 'en',
    description: 'Language of the notice; English when absent.',
  })
  @IsOmittable()
  @Transform(trimmedLowerCase)
  @IsIn(NOTICE_LANGUAGES, { message: `lang must be one of: ${NOTICE_LANGUAGES.join(', ')}` })
  lang?: NoticeLanguage;

  /**
   * A survey's id, for its own notice: the retention section then says whether that survey's
   * answers are anonymised at close, and on which date it closed.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateUUID({ optional: true, message: 'survey must be a UUID' })
  survey?: string;
}

export class PrivacyNoticeSectionDto {
  @ApiProperty({ enum: NOTICE_SECTION_IDS, enumName: 'PrivacyNoticeSectionId' })
  id: NoticeSectionId;

  @ApiProperty({ example: 'How long we keep your data' })
  heading: string;

  /** Paragraphs of plain text (no markup), shown before the items. */
  @ApiProperty({ type: [String] })
  paragraphs: string[];

  /** A list shown after the paragraphs (for example the data held, or the rights); may be empty. */
  @ApiProperty({ type: [String] })
  items: string[];
}

/**
 * The privacy notice, in one language, built from the live configuration: who processes which
 * data, for what, who receives them, how long they are kept and how to exercise one's rights.
 */
export class PrivacyNoticeDto {
  @ApiProperty({ enum: NOTICE_LANGUAGES, enumName: 'NoticeLanguage' })
  language: NoticeLanguage;

  /** Writing direction of the language: set it as the `dir` attribute of the page. */
  @ApiProperty({ enum: ['ltr', 'rtl'] })
  direction: TextDirection;

  @ApiProperty({ example: 'Privacy notice: user satisfaction surveys' })
  title: string;

  /** The organisation that processes the data. */
  @ApiProperty({ example: 'World Intellectual Property Organization (WIPO)' })
  organisation: string;

  /**
   * Where to write to exercise one's rights: the configured PRIVACY_CONTACT_EMAIL, which may be a
   * local address without a top-level domain (the default is privacy@localhost), so no `email` format.
   */
  @ApiProperty({ example: 'privacy@example.org' })
  contactEmail: string;

  /** Longest time any survey keeps personal data, in months. */
  @ApiProperty({ type: 'integer', example: 24, minimum: 1, maximum: 24 })
  retentionMonths: number;

  /** The sections, always in this order: data-held, recipients, purpose, security, rights, retention. */
  @ApiProperty({ type: [PrivacyNoticeSectionDto] })
  sections: PrivacyNoticeSectionDto[];

  /** Page of the respondent app that shows this notice and takes privacy requests. */
  @ApiProperty({ format: 'uri', example: 'https://surveys.example.org/r/privacy' })
  requestFormUrl: string;
}
