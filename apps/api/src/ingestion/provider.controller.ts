import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentPrincipal, type ApiKeyPrincipal } from '../auth/access.decorator';
import { ApiKeyScope } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import { ProviderBatchDto, ProviderBatchResultDto, RawResponsePageDto, RawResponsesQueryDto } from './ingestion.dto';
import { IDEMPOTENCY_KEY_HEADER, ProviderResponsesService } from './provider-responses.service';
import { RawResponsesService } from './raw-responses.service';
import { ProviderReadRateLimit, ProviderWriteRateLimit } from './respond-throttle';

export const RAW_RESPONSES_DESCRIPTION =
  'Pseudonymised raw responses: a stable pseudonym per respondent, the demographic snapshot and the answers ' +
  '(free text included while the respondent’s key exists); never a name, address or registration number. ' +
  'Ordered by last change; `limit` per page (default 1000, at most 5000), `cursor` from the previous page ' +
  '(`nextCursor` in the body, `X-Next-Cursor` header), `updated_since` for what changed since a time. ' +
  '`format=csv` (or `Accept: text/csv`) gives CSV with one column per question (`question.row` for matrix rows, ' +
  'checkbox choices joined by "; "); cells beginning with =, +, -, @, tab or carriage return are prefixed with an ' +
  'apostrophe so spreadsheets do not run them as formulas. The page streams in chunks. Every read is audited.';

/** Picks CSV from `format`, else from the Accept header. */
export function rawFormat(query: RawResponsesQueryDto, req: Request): 'json' | 'csv' {
  if (query.format) return query.format;
  return req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json';
}

@ApiTags('provider')
@Controller('provider/surveys/:id/responses')
export class ProviderController {
  constructor(
    private readonly batches: ProviderResponsesService,
    private readonly raw: RawResponsesService,
  ) {}

  @Post()
  @HttpCode(200)
  @Access({ apiKey: { scope: ApiKeyScope.ResponsesWrite, surveyParam: 'id' } })
  @UseGuards(ProviderWriteRateLimit)
  @ApiOperation({
    summary: 'Store a batch of responses the provider collected (up to 1,000)',
    description:
      'Each item names its respondent by `invitationToken` or by `contact` (`id`, or the `email` the respondent ' +
      'gave), who must have been invited to this survey, and carries the provider’s own `providerResponseId`. ' +
      'The answer lists a result per item: `created`, `duplicate` (that providerResponseId is already stored; ' +
      'nothing changes) or `rejected` with the fields and reasons. Valid items are stored even when others are ' +
      'rejected, so a retried batch creates nothing twice. With an `Idempotency-Key` header (kept 24 hours), a ' +
      'replay of the same request returns the first answer (header `Idempotent-Replayed: true`); the same key ' +
      'with another body is 422. A closed survey is 409. Rate-limited per key (429 with Retry-After).',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Any 1–200 visible ASCII characters, new for each distinct batch',
  })
  @ApiBody({ type: ProviderBatchDto })
  @ApiOkResponse({ type: ProviderBatchResultDto })
  @ApiProblemResponses(400, 404, 409, 413, 415, 422, 429)
  async ingestProviderResponses(
    @Param('id', uuidParam()) surveyId: string,
    @Body() body: object,
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProviderBatchResultDto> {
    const { result, replayed } = await this.batches.ingest(principal, surveyId, body, idempotencyKey);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result;
  }

  @Get()
  @Access({ apiKey: { scope: ApiKeyScope.ResponsesRead, surveyParam: 'id' } })
  @UseGuards(ProviderReadRateLimit)
  @HeavyWork()
  @ApiOperation({ summary: 'Read the survey’s pseudonymised raw responses', description: RAW_RESPONSES_DESCRIPTION })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RawResponsePageDto })
  @ApiProblemResponses(400, 404, 429)
  async listProviderResponses(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: RawResponsesQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.raw.stream(surveyId, query, rawFormat(query, req), res);
  }
}
