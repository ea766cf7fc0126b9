import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses, invalidField } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  CreateSurveyDto,
  QuestionnaireVersionDto,
  SurveyDto,
  SurveyQueryDto,
  toQuestionnaireVersionDto,
  toSurveyDto,
  UpdateSurveyDto,
} from './surveys.dto';
import { SURVEY_EDITORS, SURVEY_READERS } from './survey-access';
import { SurveysService, SurveyView } from './surveys.service';

const dto = (view: SurveyView): SurveyDto => toSurveyDto(view.survey, view.problems, view.hasUnpublishedChanges);

@ApiTags('surveys')
@Controller('surveys')
@Roles(...SURVEY_EDITORS)
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a survey (a draft)' })
  @ApiCreatedResponse({ type: SurveyDto })
  @ApiProblemResponses(400)
  async createSurvey(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateSurveyDto): Promise<SurveyDto> {
    return dto(await this.surveys.create(actor.userId, body));
  }

  @Get()
  @Roles(...SURVEY_READERS)
  @ApiOperation({ summary: 'List surveys, newest first' })
  @ApiPageResponse(SurveyDto)
  @ApiProblemResponses(400)
  async listSurveys(@Query() query: SurveyQueryDto): Promise<Page<SurveyDto>> {
    const page = await this.surveys.list(query);
    return { items: page.items.map(dto), meta: page.meta };
  }

  @Get(':id')
  @Roles(...SURVEY_READERS)
  @ApiOperation({ summary: 'Get a survey with its edited questionnaire and what would stop it from being published' })
  @ApiOkResponse({ type: SurveyDto })
  @ApiProblemResponses(400, 404)
  async getSurvey(@Param('id', uuidParam()) id: string): Promise<SurveyDto> {
    return dto(await this.surveys.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a survey’s name, questionnaire (edited copy), retention months or k' })
  @ApiOkResponse({ type: SurveyDto })
  @ApiProblemResponses(400, 404, 409)
  async updateSurvey(@Param('id', uuidParam()) id: string, @Body() body: UpdateSurveyDto): Promise<SurveyDto> {
    return dto(await this.surveys.update(id, body));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish the edited questionnaire as a new immutable version and open the survey',
    description:
      'The questionnaire is validated strictly, with every text in each of the survey’s languages; the version keeps those languages, which respondents then choose from.',
  })
  @ApiOkResponse({ type: SurveyDto })
  @ApiProblemResponses(400, 404, 409)
  async publishSurvey(@CurrentStaff() actor: StaffPrincipal, @Param('id', uuidParam()) id: string): Promise<SurveyDto> {
    return dto(await this.surveys.publish(actor.userId, id));
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an open survey: no more invitations, reminders or answers' })
  @ApiOkResponse({ type: SurveyDto })
  @ApiProblemResponses(400, 404, 409)
  async closeSurvey(@Param('id', uuidParam()) id: string): Promise<SurveyDto> {
    return dto(await this.surveys.close(id));
  }

  @Get(':id/versions')
  @Roles(...SURVEY_READERS)
  @ApiOperation({ summary: 'Published versions of a survey’s questionnaire' })
  @ApiOkResponse({ type: [QuestionnaireVersionDto] })
  @ApiProblemResponses(400, 404)
  async listQuestionnaireVersions(@Param('id', uuidParam()) id: string): Promise<QuestionnaireVersionDto[]> {
    return (await this.surveys.versions(id)).map(toQuestionnaireVersionDto);
  }

  @Get(':id/versions/:version')
  @Roles(...SURVEY_READERS)
  @ApiOperation({ summary: 'One published version of a survey’s questionnaire' })
  @ApiOkResponse({ type: QuestionnaireVersionDto })
  @ApiProblemResponses(400, 404)
  async getQuestionnaireVersion(
    @Param('id', uuidParam()) id: string,
    @Param(
      'version',
      new ParseIntPipe({
        exceptionFactory: () => invalidField('version', 'version must be a whole number'),
      }),
    )
    version: number,
  ): Promise<QuestionnaireVersionDto> {
    return toQuestionnaireVersionDto(await this.surveys.version(id, version));
  }
}
