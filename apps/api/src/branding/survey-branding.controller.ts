import { Body, Controller, Delete, Get, Param, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import { SURVEY_EDITORS, SURVEY_READERS } from '../surveys/survey-access';
import { LOGO_UPLOAD_NOTE } from './branding.controller';
import { SurveyBrandingDto, UpdateBrandingDto } from './branding.dto';
import { BrandingService } from './branding.service';
import { readLogoBody } from './logo-upload';

/** A survey's own brand: read by whoever may read the survey, changed by whoever may edit it. */
@ApiTags('branding')
@Controller('surveys/:id/branding')
@Roles(...SURVEY_EDITORS)
export class SurveyBrandingController {
  constructor(private readonly branding: BrandingService) {}

  @Get()
  @Roles(...SURVEY_READERS)
  @ApiOperation({ summary: 'A survey’s own brand, and the organisation’s default it falls back on field by field' })
  @ApiOkResponse({ type: SurveyBrandingDto })
  @ApiProblemResponses(400, 404)
  getSurveyBranding(@Param('id', uuidParam()) surveyId: string): Promise<SurveyBrandingDto> {
    return this.branding.surveyBranding(surveyId);
  }

  @Put()
  @ApiOperation({
    summary: 'Set a survey’s own primary colour and page title',
    description:
      'The title needs a text in each of the survey’s languages. The primary colour must reach the WCAG AA ' +
      'contrast of 4.5:1 with white and with the page background (refused naming `primaryColor` with the ratio). ' +
      'Null (or left out) takes the organisation’s default. A closed survey cannot be changed (409).',
  })
  @ApiOkResponse({ type: SurveyBrandingDto })
  @ApiProblemResponses(400, 404, 409)
  updateSurveyBranding(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) surveyId: string,
    @Body() body: UpdateBrandingDto,
  ): Promise<SurveyBrandingDto> {
    return this.branding.updateSurveyBranding(actor.userId, surveyId, body);
  }

  @Put('logo')
  @ApiOperation({ summary: 'Upload a survey’s own logo', description: LOGO_UPLOAD_NOTE })
  @ApiConsumes('image/png', 'image/jpeg', 'image/webp')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: SurveyBrandingDto })
  @ApiProblemResponses(400, 404, 409, 413, 415)
  async uploadSurveyLogo(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) surveyId: string,
    @Req() req: Request,
  ): Promise<SurveyBrandingDto> {
    return this.branding.uploadSurveyLogo(actor.userId, surveyId, await readLogoBody(req));
  }

  @Delete('logo')
  @ApiOperation({ summary: 'Remove a survey’s own logo (the organisation’s is shown again)' })
  @ApiOkResponse({ type: SurveyBrandingDto })
  @ApiProblemResponses(400, 404, 409)
  deleteSurveyLogo(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) surveyId: string,
  ): Promise<SurveyBrandingDto> {
    return this.branding.deleteSurveyLogo(actor.userId, surveyId);
  }
}
