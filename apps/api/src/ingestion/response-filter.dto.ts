import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsString, Length, Matches } from 'class-validator';
import { Segment } from '../contacts/contact.entity';
import { dateTimeParam, listParam } from '../common/query-params';
import { IsOmittable, ValidateUUID } from '../common/validation';
import { RELATIONSHIP_BANDS, type RelationshipBand } from './relationship-band';

/** A repeated query parameter whose values may hold commas, as a list. */
const repeatedParam = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? [value] : value);

/** The most answer conditions one request may combine. */
export const MAX_ANSWER_FILTERS = 5;
/** An answer condition: `<item>:<value>|<value>…` (an item is a question, or `question.row` of a matrix). */
export const ANSWER_FILTER_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(\.[^:]+)?:[^|]+(\|[^|]+)*$/;

/**
 * Which responses a view of the survey counts: a campaign, a period of submission, demographic
 * groups of the snapshot and answers to closed questions. Values of one field are alternatives;
 * fields combine (all must hold).
 */
export class ResponseFilterQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only responses to this campaign’s invitations' })
  @ValidateUUID({ optional: true })
  campaignId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Submitted at or after' })
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Submitted before' })
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({
    type: [String],
    example: ['FR', 'DE'],
    description: 'Countries of the snapshot, ISO 3166-1 alpha-2 (comma-separated or repeated)',
  })
  @IsOmittable()
  @Transform(({ value }: { value: unknown }) => {
    const list = listParam({ value });
    return Array.isArray(list) ? list.map((item) => (typeof item === 'string' ? item.toUpperCase() : item)) : list;
  })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'each country must be an ISO 3166-1 alpha-2 code' })
  country?: string[];

  @ApiPropertyOptional({ type: [String], enum: Segment, description: 'Segments (comma-separated or repeated)' })
  @IsOmittable()
  @Transform(listParam)
  @IsArray()
  @IsIn(Object.values(Segment), {
    each: true,
    message: 'each segment must be agent, applicant, holder or representative',
  })
  segment?: Segment[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Roles of the snapshot as stored (comma-separated or repeated); an empty value is “no role”',
  })
  @IsOmittable()
  @Transform(listParam)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(0, 100, { each: true, message: 'each role must be at most 100 characters' })
  role?: string[];

  @ApiPropertyOptional({
    type: [String],
    enum: RELATIONSHIP_BANDS,
    description: 'Lengths of relationship (comma-separated or repeated)',
  })
  @IsOmittable()
  @Transform(listParam)
  @IsArray()
  @IsIn([...RELATIONSHIP_BANDS], { each: true, message: `each band must be one of ${RELATIONSHIP_BANDS.join(', ')}` })
  relationshipBand?: RelationshipBand[];

  @ApiPropertyOptional({
    type: [String],
    example: ['recommend:0|1|2|3|4|5|6'],
    description:
      'Answers to closed questions, repeated for several (all must hold): `<question>:<value>|<value>…`, or ' +
      '`<question>.<row>:<value>…` for a matrix row; the response gave one of the values (for multiple ' +
      'choice, chose one of them). `recommend:0|1|2|3|4|5|6` keeps the detractors of an NPS question.',
  })
  @IsOmittable()
  @Transform(repeatedParam)
  @IsArray()
  @ArrayMaxSize(MAX_ANSWER_FILTERS, { message: `at most ${MAX_ANSWER_FILTERS} answer conditions` })
  @Length(3, 500, { each: true, message: 'each answer condition must be at most 500 characters' })
  @Matches(ANSWER_FILTER_PATTERN, { each: true, message: 'each answer condition must read question:value|value' })
  answer?: string[];
}
