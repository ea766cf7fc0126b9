import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from '../users/staff-user.entity';
import { Survey } from '../surveys/survey.entity';
import type { ReportParametersDto, ReportStatus, SurveyStatisticsDto } from './statistics.dto';

/**
 * A report as generated: aggregates after disclosure control, and the parameters and k that made
 * them. Nothing in it names or identifies anyone, so it outlives the responses it counts. Once
 * published it never changes (a trigger refuses updates of published rows).
 */
@Entity({ name: 'report_snapshots' })
@Index('report_snapshots_survey_idx', ['surveyId', 'createdAt'])
@Index('report_snapshots_published_idx', ['publishedAt'])
@Check('report_snapshots_status_check', `status IN ('draft', 'published')`)
@Check('report_snapshots_published_check', `(status = 'published') = (published_at IS NOT NULL)`)
export class ReportSnapshot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text', default: 'draft' })
  status: ReportStatus;

  @Column({ type: 'jsonb' })
  parameters: ReportParametersDto;

  @Column({ type: 'jsonb' })
  content: SurveyStatisticsDto;

  /** Responses counted, as generated. */
  @Column({ type: 'integer' })
  responses: number;

  /**
   * The population is every response matching the filters that had been received by this time;
   * with `responses`, it lets a later report's overlap be measured without storing who was in it.
   */
  @Column({ name: 'population_cutoff', type: 'timestamptz' })
  populationCutoff: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: StaffUser;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'published_by' })
  publisher?: StaffUser;
}
