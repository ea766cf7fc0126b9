import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { listParam } from '../common/query-params';
import { ArrayMaxSize, IsArray, IsIn, Matches, ValidateNested } from 'class-validator';
import { LANGUAGES, type Language } from '@survey/questionnaire';
import { PageQueryDto } from '../common/pagination';
import { ResponseFilterQueryDto } from '../ingestion/response-filter.dto';
import { ProblemDto } from '../common/problem';
import { IsOmittable, ValidateLanguage, ValidateText, ValidateUUID } from '../common/validation';

/** The demographic snapshot a response carries, by which statistics are broken down. */
export const DIMENSIONS = ['country', 'segment', 'role', 'relationshipBand'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Why a figure is withheld: too few respondents, or everyone in the group gave the same answer
 * (primary); it would give a primary one away (complementary); or, in a published report, it
 * would give someone away together with reports published before (composition). A figure
 * withheld for composition may be 0.
 */
export const SUPPRESSION_REASONS = ['primary', 'complementary', 'composition'] as const;
export type SuppressionReasonDto = (typeof SUPPRESSION_REASONS)[number];

const CROSSTAB_PATTERN = new RegExp(`^(${DIMENSIONS.join('|')}):(${DIMENSIONS.join('|')})$`);

/**
 * Which responses a report counts: a campaign and a period of submission, the part of the
 * responses' filters that the publication ledger checks.
 */
export class StatisticsFiltersDto extends PickType(ResponseFilterQueryDto, ['campaignId', 'from', 'to'] as const) {}

/**
 * Live statistics take the responses' filters of the analysts' views (campaign, period, demographic
 * groups, answers to closed questions); reports take only campaign and period (StatisticsFiltersDto),
 * which the publication ledger checks.
 */
export class StatisticsQueryDto extends ResponseFilterQueryDto {
  @ApiPropertyOptional({
    type: [String],
    enum: DIMENSIONS,
    description: 'One-way breakdowns to include (comma-separated or repeated); all four by default',
  })
  @IsOmittable()
  @Transform(listParam)
  @IsArray()
  @IsIn(DIMENSIONS, { each: true })
  breakdowns?: Dimension[];

  @ApiPropertyOptional({
    type: [String],
    example: ['country:segment'],
    description:
      'A two-way crosstab, `rows:columns` of two different dimensions. One per request: two crosstabs sharing a ' +
      'dimension share its hidden totals, and suppression made table by table cannot protect them jointly.',
  })
  @IsOmittable()
  @Transform(listParam)
  @IsArray()
  @ArrayMaxSize(1, { message: 'one crosstab at a time' })
  @Matches(CROSSTAB_PATTERN, { each: true, message: 'each crosstab must be two dimensions as rows:columns' })
  crosstabs?: string[];

  @ApiPropertyOptional({ description: 'Language of question titles and labels (default en)' })
  @ValidateLanguage(LANGUAGES, { optional: true })
  language?: Language;
}

export class CountCellDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Null when suppressed' })
  value: number | null;

  @ApiProperty({ enum: SUPPRESSION_REASONS, nullable: true })
  suppressed: SuppressionReasonDto | null;
}

export class MeanDto {
  @ApiProperty()
  value: number;

  @ApiProperty({ description: 'Sample standard deviation' })
  standardDeviation: number;

  @ApiProperty({ description: 'Lower bound of the 95% confidence interval (Student’s t)' })
  ciLow: number;

  @ApiProperty({ description: 'Upper bound of the 95% confidence interval (Student’s t)' })
  ciHigh: number;
}

export class NpsDto {
  @ApiProperty({ description: 'Promoters (9–10) minus detractors (0–6), in points from -100 to 100' })
  score: number;

  @ApiProperty({ description: 'Share of promoters, 0–1' })
  promoters: number;

  @ApiProperty({ description: 'Share of passives (7–8), 0–1' })
  passives: number;

  @ApiProperty({ description: 'Share of detractors, 0–1' })
  detractors: number;
}

export class QuartilesDto {
  @ApiProperty({
    description: 'First quartile (linear interpolation between answers, as R type 7 and Excel QUARTILE.INC)',
  })
  q1: number;

  @ApiProperty({ description: 'Median' })
  median: number;

  @ApiProperty({ description: 'Third quartile' })
  q3: number;
}

/** The summary figures of one question over one group; all null when the group is suppressed. */
export class QuestionMetricsDto {
  @ApiProperty({ type: Number, nullable: true, description: 'How many in the group answered' })
  n: number | null;

  @ApiProperty({ enum: SUPPRESSION_REASONS, nullable: true })
  suppressed: SuppressionReasonDto | null;

  @ApiPropertyOptional({
    type: MeanDto,
    nullable: true,
    description: 'Rating and slider questions; for a ranking choice, its mean rank (1 = most preferred)',
  })
  mean?: MeanDto | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Share answering one of the two highest points (CSAT for satisfaction ratings), 0–1',
  })
  topTwoBox?: number | null;

  @ApiPropertyOptional({ type: NpsDto, nullable: true, description: 'NPS ratings (0–10)' })
  nps?: NpsDto | null;

  @ApiPropertyOptional({
    type: QuartilesDto,
    nullable: true,
    description: 'Slider questions: quartiles of the answers',
  })
  quartiles?: QuartilesDto | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Ranking choices: share of those who answered that ranked this choice first, 0–1',
  })
  firstChoiceShare?: number | null;

  @ApiPropertyOptional({
    enum: SUPPRESSION_REASONS,
    nullable: true,
    description:
      'Published reports: why the mean, top-2-box and NPS are withheld while n is shown (some answer count ' +
      'they are computed from is withheld)',
  })
  withheld?: SuppressionReasonDto | null;
}

export class DistributionEntryDto {
  @ApiProperty({
    description: 'The answer value as stored (JSON scalar)',
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
  })
  value: string | number | boolean;

  @ApiProperty({ description: 'The answer as the questionnaire words it, in the chosen language' })
  label: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Respondents who gave it; null when suppressed' })
  count: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'count / n (for multiple choice, of those who answered)' })
  share: number | null;

  @ApiProperty({ enum: SUPPRESSION_REASONS, nullable: true })
  suppressed: SuppressionReasonDto | null;
}

/**
 * One item of the questionnaire as statistics see it: a question, or one row of a matrix
 * (named `matrix.row`). Free-text questions are not items: their answers never reach statistics.
 */
export class ItemStatisticsDto {
  @ApiProperty({ example: 'overall' })
  name: string;

  @ApiProperty()
  title: string;

  @ApiProperty({
    enum: ['rating', 'radiogroup', 'dropdown', 'checkbox', 'boolean', 'matrix', 'ranking', 'slider'],
    description: 'A ranking has one item per choice (`question.choice`), whose options are the ranks 1, 2, …',
  })
  type: string;

  @ApiPropertyOptional({ enum: ['nps', 'satisfaction', 'scale'] })
  ratingKind?: string;

  @ApiProperty({ type: QuestionMetricsDto })
  overall: QuestionMetricsDto;

  @ApiProperty({ type: [DistributionEntryDto] })
  distribution: DistributionEntryDto[];
}

export class BreakdownGroupDto {
  @ApiProperty({ description: 'The value as stored (country code, segment, role, band)' })
  value: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: CountCellDto, description: 'Respondents in the group' })
  respondents: CountCellDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/QuestionMetricsDto' },
    description: 'Item name → its figures in the group',
  })
  items: Record<string, QuestionMetricsDto>;
}

export class BreakdownDto {
  @ApiProperty({ enum: DIMENSIONS })
  dimension: Dimension;

  @ApiProperty({ type: [BreakdownGroupDto] })
  groups: BreakdownGroupDto[];
}

export class LabelledValueDto {
  @ApiProperty()
  value: string;

  @ApiProperty()
  label: string;
}

export class CrosstabItemDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'array', items: { type: 'array', items: { $ref: '#/components/schemas/QuestionMetricsDto' } } })
  cells: QuestionMetricsDto[][];
}

/** Respondents by two dimensions, with margins; a one-way breakdown is one of its margins. */
export class CrosstabDto {
  @ApiProperty({ enum: DIMENSIONS })
  rows: Dimension;

  @ApiProperty({ enum: DIMENSIONS })
  columns: Dimension;

  @ApiProperty({ type: [LabelledValueDto] })
  rowValues: LabelledValueDto[];

  @ApiProperty({ type: [LabelledValueDto] })
  columnValues: LabelledValueDto[];

  @ApiProperty({ type: 'array', items: { type: 'array', items: { $ref: '#/components/schemas/CountCellDto' } } })
  cells: CountCellDto[][];

  @ApiProperty({ type: [CountCellDto] })
  rowTotals: CountCellDto[];

  @ApiProperty({ type: [CountCellDto] })
  columnTotals: CountCellDto[];

  @ApiProperty({ type: CountCellDto })
  total: CountCellDto;

  @ApiProperty({ type: [CrosstabItemDto], description: 'Each item’s figures per cell (null figures where suppressed)' })
  items: CrosstabItemDto[];
}

export class AppliedFiltersDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  campaignId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  from: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  to: string | null;
}

export class PopulationDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Invitations sent (null when only provider responses exist)',
  })
  invited: number | null;

  @ApiProperty({ type: CountCellDto, description: 'Responses counted' })
  responses: CountCellDto;

  @ApiProperty({ type: Number, nullable: true, description: 'Completed invitations / invitations, 0–1' })
  responseRate: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'First submission counted' })
  firstSubmittedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last submission counted' })
  lastSubmittedAt: string | null;
}

/**
 * A number or date question (`text` with `inputType` number or date) or a computed `expression`,
 * summarised for the whole population: never a minimum or maximum (the extremes are single
 * people). Withheld (`suppressed`) when fewer than k answered or every number answered is the
 * same, so that the mean would be each one's answer (`primary`), or, in a published report, when
 * with the reports published before it would describe fewer than k answers (`composition`).
 */
export class MeasureStatisticsDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Question title in the chosen language (piped values shown as an ellipsis)' })
  title: string;

  @ApiProperty({ enum: ['text', 'expression'], description: 'The question type' })
  type: 'text' | 'expression';

  @ApiProperty({ enum: ['number', 'date'], description: 'What the answers are (an expression is a number)' })
  kind: 'number' | 'date';

  @ApiProperty({ type: Number, nullable: true, description: 'Respondents who answered; null when withheld' })
  n: number | null;

  @ApiProperty({ enum: SUPPRESSION_REASONS, nullable: true, description: 'Why the figures are withheld' })
  suppressed: SuppressionReasonDto | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Numbers: the mean' })
  mean: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Numbers: the first quartile (linear between ranks)' })
  q1: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Numbers: the median' })
  median: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Numbers: the third quartile (linear between ranks)' })
  q3: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2024-03',
    description: 'Dates: the month (YYYY-MM) of the k-th earliest answer, so at least k answered in it or before',
  })
  from: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2025-11',
    description: 'Dates: the month (YYYY-MM) of the k-th latest answer, so at least k answered in it or after',
  })
  to: string | null;
}

export class SurveyStatisticsDto {
  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty({ description: 'Survey title in the chosen language' })
  surveyTitle: string;

  @ApiProperty({ enum: LANGUAGES })
  language: Language;

  @ApiProperty({ description: 'Minimum group size: figures of fewer respondents are suppressed' })
  k: number;

  @ApiProperty({ type: AppliedFiltersDto })
  filters: AppliedFiltersDto;

  @ApiProperty({ type: String, format: 'date-time' })
  computedAt: string;

  @ApiProperty({ type: PopulationDto })
  population: PopulationDto;

  @ApiProperty({ type: [ItemStatisticsDto] })
  items: ItemStatisticsDto[];

  @ApiProperty({ type: [BreakdownDto] })
  breakdowns: BreakdownDto[];

  @ApiProperty({ type: [CrosstabDto] })
  crosstabs: CrosstabDto[];

  @ApiPropertyOptional({
    type: [MeasureStatisticsDto],
    description:
      'Number, date and expression questions, summarised for the whole population (not per breakdown). ' +
      'Absent from reports made before these were summarised.',
  })
  measures?: MeasureStatisticsDto[];
}

export class CrosstabRequestDto {
  @ApiProperty({ enum: DIMENSIONS })
  @IsIn(DIMENSIONS)
  rows: Dimension;

  @ApiProperty({ enum: DIMENSIONS })
  @IsIn(DIMENSIONS)
  columns: Dimension;
}

export class CreateReportDto {
  @ApiProperty()
  @ValidateText({ max: 200, message: 'title must be 1 to 200 characters long (not only spaces)' })
  title: string;

  @ValidateLanguage(LANGUAGES)
  language: Language;

  @ApiPropertyOptional({ type: StatisticsFiltersDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => StatisticsFiltersDto)
  filters?: StatisticsFiltersDto;

  @ApiPropertyOptional({ enum: DIMENSIONS, isArray: true, description: 'Default: all four' })
  @IsOmittable()
  @IsArray()
  @IsIn(DIMENSIONS, { each: true })
  breakdowns?: Dimension[];

  @ApiPropertyOptional({
    type: [CrosstabRequestDto],
    maxItems: 1,
    description: 'At most one: two crosstabs sharing a dimension could not be protected jointly',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(1, { message: 'a report holds at most one crosstab' })
  @ValidateNested({ each: true })
  @Type(() => CrosstabRequestDto)
  crosstabs?: CrosstabRequestDto[];
}

export const REPORT_STATUSES = ['draft', 'published'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What a report was made from, kept with it. */
export class ReportParametersDto {
  @ApiProperty({ type: AppliedFiltersDto })
  filters: AppliedFiltersDto;

  @ApiProperty({ enum: DIMENSIONS, isArray: true })
  breakdowns: Dimension[];

  @ApiProperty({ type: [CrosstabRequestDto] })
  crosstabs: CrosstabRequestDto[];

  @ApiProperty()
  k: number;

  @ApiProperty({ enum: LANGUAGES })
  language: Language;
}

export class ReportSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: REPORT_STATUSES })
  status: ReportStatus;

  @ApiProperty({ enum: LANGUAGES })
  language: Language;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: string | null;

  @ApiProperty({ description: 'Responses the report counts' })
  responses: number;
}

/** An immutable snapshot: aggregates after suppression, and how they were made. */
export class ReportDto extends ReportSummaryDto {
  @ApiProperty({ type: ReportParametersDto })
  parameters: ReportParametersDto;

  @ApiProperty({ type: SurveyStatisticsDto })
  content: SurveyStatisticsDto;
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ReportExportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
}

export class ReportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateUUID({ optional: true })
  surveyId?: string;

  @ApiPropertyOptional({ enum: REPORT_STATUSES, description: 'Management always sees published reports only' })
  @IsOmittable()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;
}

/** Published reports of one survey, for an API key: pages only. */
export class PublishedReportListQueryDto extends PageQueryDto {}

export class ConflictingPublicationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;
}

/** One reason a report cannot be published: a figure that, with earlier reports, would give someone away. */
export class PublicationConflictDto {
  @ApiProperty({ type: [ConflictingPublicationDto], description: 'The earlier published reports involved' })
  publications: ConflictingPublicationDto[];

  @ApiProperty({
    description: 'The figure at stake, in words (a group and a question; never a count)',
    example: 'respondents with country France',
  })
  figure: string;

  @ApiProperty({
    enum: ['small', 'unanimous', 'linked', 'hiddenTooFew', 'recoverable', 'crosstab'],
    description:
      'small: it would describe 1..k-1 respondents; unanimous: everyone in it gave the same answer; linked, ' +
      'hiddenTooFew, recoverable: a withheld figure could be worked out; crosstab: another crosstab is published',
  })
  kind: string;

  @ApiProperty({
    enum: ['shared', 'newOnly', 'earlierOnly'],
    description:
      'Where the respondents at stake are: in responses this report shares with those reports, in responses ' +
      'only this report counts, or in responses only they count',
  })
  part: string;
}

export class PublicationConflictProblemDto extends ProblemDto {
  @ApiPropertyOptional({ type: [PublicationConflictDto] })
  conflicts?: PublicationConflictDto[];
}
