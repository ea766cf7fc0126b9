import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export enum SurveyStatus {
  Draft = 'draft',
  Open = 'open',
  Closed = 'closed',
}

/** The languages a survey is written in unless it says otherwise: all six (SQL array literal). */
export const ALL_LANGUAGES_SQL = "'{en,fr,es,ar,zh,ru}'";

/** Longest retention P8 allows, in months. */
export const MAX_RETENTION_MONTHS = 24;
/** Smallest group a published figure may describe (DESIGN.md section 6). */
export const MIN_GROUP_SIZE_FLOOR = 3;

@Entity({ name: 'surveys' })
@Check('surveys_status_check', `status IN ('draft', 'open', 'closed')`)
@Check('surveys_retention_check', `retention_months BETWEEN 1 AND 24`)
@Check('surveys_min_group_size_check', `min_group_size >= 3`)
@Check(
  'surveys_languages_check',
  `cardinality(languages) >= 1 AND languages <@ '{en,fr,es,ar,zh,ru}'::text[] AND default_language = ANY (languages)`,
)
export class Survey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Internal name staff know it by; respondents see the questionnaire's own title. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: SurveyStatus.Draft })
  status: SurveyStatus;

  /** The questionnaire being edited; publishing freezes a copy as the next version. */
  @Column({ name: 'draft_questionnaire', type: 'jsonb' })
  draftQuestionnaire: object;

  /** Latest published version number; null until first published. */
  @Column({ name: 'published_version', type: 'integer', nullable: true })
  publishedVersion: number | null;

  @Column({ name: 'retention_months', type: 'integer', default: MAX_RETENTION_MONTHS })
  retentionMonths: number;

  /**
   * The languages the survey is offered in (edited with the draft; publishing freezes them with
   * the version): publishing requires complete texts in these only.
   */
  @Column({ type: 'text', array: true, default: () => ALL_LANGUAGES_SQL })
  languages: string[];

  /** The language of an invitee whose own language the survey does not offer; one of `languages`. */
  @Column({ name: 'default_language', type: 'text', default: 'en' })
  defaultLanguage: string;

  /**
   * When the survey is closed and no invitation or reminder mail of it is still waiting, the
   * retention run removes the link between each response and its invitation for good (item 9).
   */
  @Column({ name: 'anonymise_at_close', type: 'boolean', default: true })
  anonymiseAtClose: boolean;

  /** k: published cells describe at least this many respondents. */
  @Column({ name: 'min_group_size', type: 'integer', default: 5 })
  minGroupSize: number;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A published questionnaire, frozen: a trigger refuses updates; responses name the version. */
@Entity({ name: 'questionnaire_versions' })
@Unique('questionnaire_versions_survey_version_key', ['surveyId', 'version'])
export class QuestionnaireVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  questionnaire: object;

  /** The languages respondents of this version may choose from. */
  @Column({ type: 'text', array: true, default: () => ALL_LANGUAGES_SQL })
  languages: string[];

  @Column({ name: 'default_language', type: 'text', default: 'en' })
  defaultLanguage: string;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
