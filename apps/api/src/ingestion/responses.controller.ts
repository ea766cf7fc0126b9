import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, Roles } from '../auth/access.decorator';
import { ApiKeyScope, StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  RawResponsePageDto,
  RawResponsesQueryDto,
  RespondentIdentityDto,
  SurveyResponseRatesDto,
} from './ingestion.dto';
import { RAW_RESPONSES_DESCRIPTION, rawFormat } from './provider.controller';
import { RawResponsesService } from './raw-responses.service';

@ApiTags('responses')
@Controller()
export class ResponsesController {
  constructor(private readonly raw: RawResponsesService) {}

  @Get('surveys/:id/responses')
  @Roles(StaffRole.Analyst)
  @HeavyWork()
  @ApiOperation({ summary: 'The survey’s pseudonymised raw responses', description: RAW_RESPONSES_DESCRIPTION })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RawResponsePageDto })
  @ApiProblemResponses(400, 404)
  async listSurveyResponses(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: RawResponsesQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.raw.stream(surveyId, query, rawFormat(query, req), res);
  }

  @Get('surveys/:id/response-rates')
  @Access({
    roles: [StaffRole.Analyst],
    apiKey: { scope: ApiKeyScope.StatisticsRead, surveyParam: 'id' },
  })
  @ApiOperation({
    summary: 'Response-rate counters of the survey and of each campaign',
    description:
      'Invited, delivered, bounced, opened (the link was used), started (a draft was saved), completed ' +
      '(a response is stored) and opted out, with completed / invited as the response rate.',
  })
  @ApiOkResponse({ type: SurveyResponseRatesDto })
  @ApiProblemResponses(400, 404)
  surveyResponseRates(@Param('id', uuidParam()) surveyId: string): Promise<SurveyResponseRatesDto> {
    return this.raw.rates(surveyId);
  }

  @Get('responses/:id/respondent')
  @Access({
    roles: [StaffRole.Analyst, StaffRole.PrivacyOfficer],
    personalData: { resource: 'response', idParam: 'id', action: 'response.respondent_identified' },
  })
  @ApiOperation({
    summary: 'Who gave this response: follows the pseudonymous response to its contact',
    description:
      'A separate, deliberate step: it needs a stated purpose (X-Purpose) and is audited as ' +
      '`response.respondent_identified`. 404 once the contact has been erased.',
  })
  @ApiOkResponse({ type: RespondentIdentityDto })
  @ApiProblemResponses(404)
  respondentOfResponse(@Param('id', uuidParam()) responseId: string): Promise<RespondentIdentityDto> {
    return this.raw.respondent(responseId);
  }
}
