import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { PageMetaDto, Paginated } from '../common/pagination';
import { integerParam } from '../common/query-params';
import { IsOmittable } from '../common/validation';
import { RawResponseDto } from './ingestion.dto';
import { ResponseFilterQueryDto } from './response-filter.dto';
import { ResponseChannel } from './response.entity';

/** The shared filters narrowed to one channel. */
class ResponseChannelFilterQueryDto extends ResponseFilterQueryDto {
  @ApiPropertyOptional({ enum: ResponseChannel, enumName: 'ResponseChannel' })
  @IsOmittable()
  @IsIn(Object.values(ResponseChannel), { message: 'channel must be web or provider' })
  channel?: ResponseChannel;
}

/** The response browser's query: the shared filters, a channel, and `?page=&limit=` as every list. */
export class BrowseResponsesQueryDto extends Paginated(ResponseChannelFilterQueryDto) {}

/** One line of the response browser: pseudonymous, without answers, never a name or address. */
export class BrowsedResponseDto extends PickType(RawResponseDto, [
  'responseId',
  'respondent',
  'questionnaireVersion',
  'channel',
  'language',
  'submittedAt',
  'snapshot',
] as const) {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  campaignId: string | null;

  /** Whether the response holds free text (readable with a purpose, `GET /responses/{id}/free-text`). */
  @ApiProperty()
  hasFreeText: boolean;
}

export class BrowsedResponsePageDto {
  @ApiProperty({ type: [BrowsedResponseDto] })
  items: BrowsedResponseDto[];

  @ApiProperty({ type: PageMetaDto })
  meta: PageMetaDto;

  @ApiProperty({ description: 'The survey’s minimum group size (k)' })
  k: number;

  /**
   * The filters narrow the survey to fewer than k responses (but not none): analysts may read them,
   * as they may read the raw responses, and the read is audited with the filters.
   */
  @ApiProperty()
  smallGroup: boolean;
}

/** One response: closed answers and the snapshot; free text only through its own purpose-stated read. */
export class BrowsedResponseDetailDto extends BrowsedResponseDto {
  /** The closed answers, by question name (free text is never here). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  answers: Record<string, unknown>;
}

/** The free-text answers of one response, read with a stated purpose. */
export class ResponseFreeTextDto {
  @ApiProperty({ format: 'uuid' })
  responseId: string;

  /** By question name; empty when the response holds none. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  texts: Record<string, string>;

  /** The respondent's key is gone (erasure or retention): the text can no longer be read by anyone. */
  @ApiProperty()
  removed: boolean;
}

export const MAX_COMMENTS_PAGE = 100;

export class CommentsQueryDto extends ResponseFilterQueryDto {
  /** From `nextCursor` of the previous page. */
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Matches(/^\d{1,16}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'cursor must be a nextCursor value from an earlier page',
  })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_COMMENTS_PAGE, default: 20 })
  @IsOmittable()
  @Transform(integerParam)
  @Min(1)
  @Max(MAX_COMMENTS_PAGE)
  @IsInt()
  limit: number = 20;
}

/** One free-text answer, with what the browser shows of its response. */
export class CommentDto extends PickType(RawResponseDto, [
  'responseId',
  'respondent',
  'language',
  'submittedAt',
  'snapshot',
] as const) {
  @ApiProperty()
  text: string;
}

export class CommentPageDto {
  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty()
  question: string;

  @ApiProperty({ type: [CommentDto] })
  items: CommentDto[];

  /** Pass as `cursor` for the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
