import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, Roles } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  BrowsedResponseDetailDto,
  BrowsedResponsePageDto,
  BrowseResponsesQueryDto,
  CommentPageDto,
  CommentsQueryDto,
  ResponseFreeTextDto,
} from './response-browser.dto';
import { ResponseBrowserService } from './response-browser.service';

const FILTERS_NOTE =
  'Filters: campaign, submission period, country, segment, role, length of relationship and answers to closed ' +
  'questions (`answer=recommend:0|1|2|3|4|5|6`), as in live statistics. Analysts may read raw responses, so ' +
  'filters that narrow to fewer than the survey’s minimum group size are allowed; the read is audited with them.';

/**
 * Analysts only: management and provider keys never reach a response or its free text here
 * (they read published reports, which hold neither).
 */
@ApiTags('responses')
@Controller()
export class ResponseBrowserController {
  constructor(private readonly browser: ResponseBrowserService) {}

  @Get('surveys/:id/response-browser')
  @Roles(StaffRole.Analyst)
  @HeavyWork()
  @ApiOperation({
    summary: 'A page of the survey’s responses, newest first: pseudonym, channel, campaign, snapshot',
    description:
      'No name, e-mail address, registration number or contact id, and no answer: open one response for its ' +
      'closed answers. Audited as `responses.browsed` with the filters, the total and whether it is under k. ' +
      FILTERS_NOTE,
  })
  @ApiOkResponse({ type: BrowsedResponsePageDto })
  @ApiProblemResponses(400, 404)
  browseResponses(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: BrowseResponsesQueryDto,
  ): Promise<BrowsedResponsePageDto> {
    return this.browser.browse(surveyId, query);
  }

  @Get('surveys/:id/response-browser/:responseId')
  @Roles(StaffRole.Analyst)
  @ApiOperation({
    summary: 'One response: pseudonym, snapshot and closed answers',
    description:
      'Free text is not here: it is read with a stated purpose (`GET /responses/{id}/free-text`). Audited as ' +
      '`response.viewed`.',
  })
  @ApiOkResponse({ type: BrowsedResponseDetailDto })
  @ApiProblemResponses(400, 404)
  browseResponse(
    @Param('id', uuidParam()) surveyId: string,
    @Param('responseId', uuidParam('responseId')) responseId: string,
  ): Promise<BrowsedResponseDetailDto> {
    return this.browser.response(surveyId, responseId);
  }

  @Get('responses/:id/free-text')
  @Access({
    roles: [StaffRole.Analyst],
    personalData: { resource: 'response', idParam: 'id', action: 'response.free_text_read' },
  })
  @ApiOperation({
    summary: 'The free-text answers of one response, decrypted on the server',
    description:
      'Needs a stated purpose (X-Purpose) and is audited as `response.free_text_read`. `removed` is true once the ' +
      'respondent’s key is gone (erasure): nobody can read the text any more.',
  })
  @ApiOkResponse({ type: ResponseFreeTextDto })
  @ApiProblemResponses(404)
  responseFreeText(@Param('id', uuidParam()) responseId: string): Promise<ResponseFreeTextDto> {
    return this.browser.freeText(responseId);
  }

  @Get('surveys/:id/questions/:question/comments')
  @Access({
    roles: [StaffRole.Analyst],
    personalData: { resource: 'survey', idParam: 'id', action: 'responses.comments_read' },
  })
  @HeavyWork()
  @ApiParam({ name: 'question', description: 'The name of a free-text question of the survey' })
  @ApiOperation({
    summary: 'The answers to one free-text question, newest first, decrypted one page at a time',
    description:
      'Needs a stated purpose (X-Purpose) and is audited as `responses.comments_read` with the question, the ' +
      'filters and how many were returned. Texts of erased respondents are not shown. A page may hold fewer than ' +
      '`limit` comments when few responses answered the question: follow `nextCursor` until it is null. ' +
      'Comments never enter reports or exports. ' +
      FILTERS_NOTE,
  })
  @ApiOkResponse({ type: CommentPageDto })
  @ApiProblemResponses(404)
  listComments(
    @Param('id', uuidParam()) surveyId: string,
    @Param('question') question: string,
    @Query() query: CommentsQueryDto,
  ): Promise<CommentPageDto> {
    return this.browser.comments(surveyId, question, query);
  }
}
