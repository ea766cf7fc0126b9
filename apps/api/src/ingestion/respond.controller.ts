import { Body, Controller, Get, Headers, HttpCode, Ip, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LANGUAGES } from '@survey/questionnaire';
import { INVITATION_TOKEN_HEADER, InvitationTokenAccess } from '../auth/access.decorator';
import { ApiProblemResponses } from '../common/problem';
import { OptOutResultDto } from '../delivery/delivery.dto';
import {
  DraftSavedDto,
  NewLinkRequestedDto,
  RespondentAnswersDto,
  RespondentLinkDto,
  RespondentSurveyDto,
  SubmissionDto,
} from './ingestion.dto';
import { RespondentService } from './respondent.service';

const TOKEN_NOTE =
  'The secret token from the invitation link goes in the X-Invitation-Token header, never in the URL. ' +
  'An unknown token is 404; an opted-out link, a closed survey or an expired link is 410 with its own ' +
  '`type`. Too many unknown tokens from one address: 429 with Retry-After.';

@ApiTags('respondent')
@Controller('respond')
@InvitationTokenAccess()
export class RespondController {
  constructor(private readonly respondent: RespondentService) {}

  @Get()
  @ApiOperation({
    summary: 'The questionnaire, the privacy notice and any saved draft for this invitation',
    description: `${TOKEN_NOTE} After submission the status is \`submitted\` (no draft).`,
  })
  @ApiQuery({ name: 'lang', required: false, enum: LANGUAGES, description: "Default: the invitation's language" })
  @ApiOkResponse({ type: RespondentSurveyDto })
  @ApiProblemResponses(410)
  respondentSurvey(
    @Headers(INVITATION_TOKEN_HEADER) token: string | undefined,
    @Ip() ip: string,
    @Query('lang') lang?: string,
  ): Promise<RespondentSurveyDto> {
    return this.respondent.open(token, ip, lang);
  }

  @Get('link')
  @ApiOperation({
    summary: "The invitation's language, for the pages a link leads to, whatever the link's state",
    description:
      'The secret token from the invitation link goes in the X-Invitation-Token header, never in the URL. ' +
      'Answers for an expired link, a closed survey, an opted-out or a submitted invitation alike (the opt-out, ' +
      'expired-link and closed-survey pages speak the invitation’s language, not the browser’s); changes nothing. ' +
      'An unknown token is 404; too many unknown tokens from one address: 429 with Retry-After.',
  })
  @ApiOkResponse({ type: RespondentLinkDto })
  respondentLink(
    @Headers(INVITATION_TOKEN_HEADER) token: string | undefined,
    @Ip() ip: string,
  ): Promise<RespondentLinkDto> {
    return this.respondent.link(token, ip);
  }

  @Post('new-link')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a new link, mailed to the address the invitation was sent to',
    description:
      'The (expired) token goes in the X-Invitation-Token header, never in the URL. The answer is the same ' +
      'whatever happens: whether the token is known, whether a message is sent. A new link is sent only when ' +
      'the link presented has expired and the survey can still be answered with the invitation, only to the ' +
      'address stored for it, at most 3 times a day per invitation; it is valid for INVITATION_LINK_DAYS, and ' +
      'the old link stays expired. One address may ask 10 times an hour (then 429 with Retry-After).',
  })
  @ApiAcceptedResponse({ type: NewLinkRequestedDto })
  @ApiProblemResponses(429)
  requestNewLink(
    @Headers(INVITATION_TOKEN_HEADER) token: string | undefined,
    @Ip() ip: string,
  ): Promise<NewLinkRequestedDto> {
    return this.respondent.requestNewLink(token, ip);
  }

  @Put('draft')
  @ApiOperation({
    summary: 'Save the answers so far',
    description: `${TOKEN_NOTE} Answers are checked for type, range, choices and visibility, but required questions may still be empty. Stored encrypted; replaced by each save; removed on submission.`,
  })
  @ApiOkResponse({ type: DraftSavedDto })
  @ApiProblemResponses(409, 410, 415)
  saveRespondentDraft(
    @Headers(INVITATION_TOKEN_HEADER) token: string | undefined,
    @Ip() ip: string,
    @Body() body: RespondentAnswersDto,
  ): Promise<DraftSavedDto> {
    return this.respondent.saveDraft(token, ip, body);
  }

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submit the answers, once',
    description: `${TOKEN_NOTE} Answers are validated strictly against the questionnaire version. A repeated or concurrent submission returns the first one's result and stores nothing more; the answers cannot be changed afterwards.`,
  })
  @ApiOkResponse({ type: SubmissionDto })
  @ApiProblemResponses(409, 410, 415)
  submitResponse(
    @Headers(INVITATION_TOKEN_HEADER) token: string | undefined,
    @Ip() ip: string,
    @Body() body: RespondentAnswersDto,
  ): Promise<SubmissionDto> {
    return this.respondent.submit(token, ip, body);
  }

  @Post('opt-out')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Opt out of a survey: no further invitation or reminder about it is sent',
    description:
      'The secret token from the invitation link goes in the X-Invitation-Token header, never in the URL. ' +
      'Works whatever the state of the survey or the link; repeating it changes nothing.',
  })
  @ApiOkResponse({ type: OptOutResultDto })
  async optOut(
    @Headers(INVITATION_TOKEN_HEADER) token: string | undefined,
    @Ip() ip: string,
  ): Promise<OptOutResultDto> {
    await this.respondent.optOut(token, ip);
    return { optedOut: true };
  }
}
