import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses, invalidField } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  CreateSurveyDto,
  QuestionnaireVersionDto,
  SURVEYJS_SCHEMA,
  SurveyDto,
  SurveyJsImportDto,
  SurveyJsImportQueryDto,
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

  @Get(':id/questionnaire/surveyjs')
  @Roles(...SURVEY_READERS)
  @ApiOperation({
    summary: 'Download the edited questionnaire as SurveyJS JSON',
    description:
      'Texts are SurveyJS localisable strings: English under "default" (a text without English has the default language there); `locale` names the survey’s default language when it is not English. Refused (409, with the problems) while the questionnaire does not hold together even with only the default language required.',
  })
  @ApiOkResponse({ schema: SURVEYJS_SCHEMA })
  @ApiProblemResponses(400, 404, 409)
  async exportSurveyJs(
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const { json, fileName } = await this.surveys.exportSurveyJs(id);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return json;
  }

  @Post(':id/questionnaire/surveyjs')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the edited questionnaire with one read from SurveyJS JSON (or check it, with dryRun)',
    description:
      'Every SurveyJS feature outside the supported subset is refused with its JSON path and the reason, as is anything publishing-independent validation refuses; nothing is imported partly. Texts are required in the survey’s default language only. Not on a closed survey.',
  })
  @ApiBody({ schema: SURVEYJS_SCHEMA })
  @ApiOkResponse({ type: SurveyJsImportDto })
  @ApiProblemResponses(400, 404, 409, 413)
  async importSurveyJs(
    @Param('id', uuidParam()) id: string,
    @Query() query: SurveyJsImportQueryDto,
    @Body() body: unknown,
  ): Promise<SurveyJsImportDto> {
    const result = await this.surveys.importSurveyJs(id, body, query.dryRun ?? false);
    return {
      applied: result.applied,
      questionnaire: result.questionnaire as unknown as Record<string, unknown>,
      survey: dto(result.view),
    };
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
