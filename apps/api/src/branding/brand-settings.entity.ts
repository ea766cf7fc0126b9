import {
  Check,
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  CreateDateColumn,
} from 'typeorm';
import { Survey } from '../surveys/survey.entity';

/** The image types a logo may be: raster formats only (an SVG can carry script). */
export const LOGO_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoMediaType = (typeof LOGO_MEDIA_TYPES)[number];

/**
 * How the respondent app looks: the organisation's default (the one row without a survey) and
 * each survey's override, where a field left empty (null) takes the default's.
 */
@Entity({ name: 'brand_settings' })
@Unique('brand_settings_survey_key', ['surveyId'])
@Unique('brand_settings_default_key', ['organisationDefault'])
@Check(
  'brand_settings_scope_check',
  '(survey_id IS NULL AND organisation_default) OR (survey_id IS NOT NULL AND organisation_default IS NULL)',
)
@Check('brand_settings_primary_color_check', `primary_color ~ '^#[0-9a-f]{6}$'`)
export class BrandSettings {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The survey whose override this is; null for the organisation's default (one such row). */
  @Column({ name: 'survey_id', type: 'uuid', nullable: true })
  surveyId: string | null;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  /** True on the organisation's default, null on a survey's: unique, so there is one default. */
  @Column({ name: 'organisation_default', type: 'boolean', nullable: true })
  organisationDefault: true | null;

  /** `#rrggbb`, lower case, checked against WCAG AA with the colours it is used with. */
  @Column({ name: 'primary_color', type: 'text', nullable: true })
  primaryColor: string | null;

  /** The page title per language (`{ en: '…', fr: '…' }`). */
  @Column({ type: 'jsonb', nullable: true })
  title: Record<string, string> | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A logo, re-encoded from the upload without its metadata. Replacing a logo deletes the row and
 * adds another, so a logo's id (its URL) always names the same bytes and may be cached for good.
 */
@Entity({ name: 'brand_logos' })
@Check('brand_logos_media_type_check', `media_type IN ('image/png', 'image/jpeg', 'image/webp')`)
export class BrandLogo {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'settings_id', type: 'uuid' })
  settingsId: string;

  @OneToOne(() => BrandSettings, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'settings_id' })
  settings?: BrandSettings;

  @Column({ name: 'media_type', type: 'text' })
  mediaType: LogoMediaType;

  @Column({ type: 'bytea' })
  content: Buffer;

  /** Hex SHA-256 of `content`: the ETag. */
  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
