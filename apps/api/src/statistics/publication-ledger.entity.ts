import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Survey } from '../surveys/survey.entity';
import { ReportSnapshot } from './report-snapshot.entity';
import type { Dimension } from './statistics.dto';

/** Which responses a publication counted: its filters and the time by which they had been received. */
export interface LedgerPopulation {
  campaignId: string | null;
  from: string | null;
  to: string | null;
  receivedBy: string;
}

/**
 * One publication of figures about a survey to people who may not read its raw responses: what
 * population it described and every figure it showed. The ledger of a survey is the source of
 * truth for what an outsider can know; each new publication is checked against all of it. It
 * holds aggregates only, so it outlives the responses; an entry never changes.
 */
@Entity({ name: 'publication_ledger' })
@Index('publication_ledger_survey_idx', ['surveyId', 'publishedAt'])
export class PublicationLedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ name: 'report_id', type: 'uuid', unique: true })
  reportId: string;

  @ManyToOne(() => ReportSnapshot, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: ReportSnapshot;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'jsonb' })
  population: LedgerPopulation;

  /** Responses the publication counted. */
  @Column({ type: 'integer' })
  responses: number;

  @Column({ name: 'min_group_size', type: 'integer' })
  minGroupSize: number;

  @Column({ type: 'jsonb' })
  breakdowns: Dimension[];

  @Column({ type: 'jsonb', nullable: true })
  crosstab: { rows: Dimension; columns: Dimension } | null;

  /** Every figure shown, by key (see composition/tables.ts): a count, or for a group's item figures [answered, …classes]. */
  @Column({ type: 'jsonb' })
  figures: Record<string, number | number[]>;

  /** Each number, date or expression summary shown, by question name: how many had answered it. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  measures: Record<string, number>;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
