import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { LOGO_MEDIA_TYPES } from './brand-settings.entity';
import { HEX_COLOUR } from './brand-colour';

/** Longest page title, in characters. */
export const TITLE_MAX_LENGTH = 120;

const TITLE_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  nullable: true,
  additionalProperties: { type: 'string', minLength: 1, maxLength: TITLE_MAX_LENGTH },
  description:
    'The page title per language (`{ "en": "…", "fr": "…" }`), up to 120 characters each. For a survey, one ' +
    'text for each of its languages; for the organisation, any of the six. Null: the default.',
  example: { en: 'Customer satisfaction survey 2026', fr: 'Enquête de satisfaction 2026' },
};

/** A stored logo, as the console shows it. */
export class BrandLogoDto {
  /** Where the image is served: stable for this image; a new upload gets a new URL. */
  @ApiProperty({ example: '/api/v1/branding/logos/0b8f6c1e-6a53-4c51-9a4b-3e0b0f8f4c11' })
  url: string;

  @ApiProperty({ enum: LOGO_MEDIA_TYPES })
  mediaType: string;

  @ApiProperty()
  byteSize: number;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;
}

/** One set of brand settings: the organisation's default or a survey's override. */
export class BrandingDto {
  /** The organisation's name (ORGANISATION_NAME), which respondents see in the header whatever the brand. */
  @ApiProperty({ example: 'World Intellectual Property Organization (WIPO)' })
  organisationName: string;

  /** `#rrggbb`; null: the default (the organisation's, or the app's own blue). */
  @ApiProperty({ type: String, nullable: true, example: '#0b57d0' })
  primaryColor: string | null;

  @ApiProperty(TITLE_SCHEMA)
  title: Record<string, string> | null;

  @ApiProperty({ type: BrandLogoDto, nullable: true })
  logo: BrandLogoDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt: string | null;
}

/** A survey's override and the organisation's default it falls back on, field by field. */
export class SurveyBrandingDto extends BrandingDto {
  @ApiProperty({ type: BrandingDto })
  organisationDefault: BrandingDto;
}

export class UpdateBrandingDto {
  /** `#rrggbb`, whose contrast with white and the page background must reach 4.5:1; null for the default. */
  @ApiProperty({ type: String, nullable: true, required: false, pattern: HEX_COLOUR.source, example: '#0b57d0' })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsString({ message: 'primaryColor must be a colour written #rrggbb' })
  @Matches(HEX_COLOUR, { message: 'primaryColor must be a colour written #rrggbb' })
  primaryColor?: string | null;

  @ApiPropertyOptional(TITLE_SCHEMA)
  @IsOptional()
  @IsObject({ message: 'title must be an object of texts by language' })
  title?: Record<string, string> | null;
}

/** What the respondent app shows of the brand: already resolved, in the page's language. */
export class RespondentBrandDto {
  /** Shown in the header whatever the brand (and as the logo's alternative text). */
  @ApiProperty({ example: 'World Intellectual Property Organization (WIPO)' })
  organisationName: string;

  @ApiProperty({ type: String, nullable: true, example: '#0b57d0' })
  primaryColor: string | null;

  /** The document title in the page's language; null: the app's own. */
  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty({ type: String, nullable: true, example: '/api/v1/branding/logos/0b8f6c1e-6a53-4c51-9a4b-3e0b0f8f4c11' })
  logoUrl: string | null;
}
