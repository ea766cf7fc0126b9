import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  MailPreviewDto,
  MailPreviewRequestDto,
  MailTestSendDto,
  MailTestSentDto,
  MailTextsDto,
  UpdateMailTextsDto,
} from './mail-texts.dto';
import { MailTextsService } from './mail-texts.service';

@ApiTags('campaigns')
@Controller('surveys/:id/mail-texts')
@Roles(StaffRole.Analyst)
export class MailTextsController {
  constructor(private readonly mailTexts: MailTextsService) {}

  @Get()
  @ApiOperation({ summary: 'The survey’s own invitation and reminder texts (latest version)' })
  @ApiOkResponse({ type: MailTextsDto })
  @ApiProblemResponses(400, 404)
  getMailTexts(@Param('id', uuidParam()) surveyId: string): Promise<MailTextsDto> {
    return this.mailTexts.get(surveyId);
  }

  @Put()
  @ApiOperation({
    summary: 'Save the survey’s invitation and reminder texts as a new version',
    description:
      'Campaigns started from now use this version; campaigns already started keep the texts they started with. ' +
      'The opt-out and privacy parts are always appended and cannot be removed.',
  })
  @ApiOkResponse({ type: MailTextsDto })
  @ApiProblemResponses(400, 404, 409)
  updateMailTexts(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) surveyId: string,
    @Body() body: UpdateMailTextsDto,
  ): Promise<MailTextsDto> {
    return this.mailTexts.update(actor.userId, surveyId, body);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render an invitation or reminder with sample values, in one of the survey’s languages' })
  @ApiOkResponse({ type: MailPreviewDto })
  @ApiProblemResponses(400, 404)
  previewMail(
    @Param('id', uuidParam()) surveyId: string,
    @Body() body: MailPreviewRequestDto,
  ): Promise<MailPreviewDto> {
    return this.mailTexts.preview(surveyId, body);
  }

  @Post('test-send')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send the sample mail to the analyst’s own staff address (rate-limited, audited)',
  })
  @ApiAcceptedResponse({ type: MailTestSentDto })
  @ApiProblemResponses(400, 404, 429)
  async sendTestMail(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) surveyId: string,
    @Body() body: MailTestSendDto,
  ): Promise<MailTestSentDto> {
    await this.mailTexts.testSend(actor.userId, surveyId, body);
    return { status: 'queued' };
  }
}
