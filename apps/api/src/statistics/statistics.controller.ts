import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Access, CurrentStaff, Roles, type StaffPrincipal } from '../auth/access.decorator';
import { ApiKeyScope, StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import { ReportsService, type ReportReader } from './reports.service';
import {
  CreateReportDto,
  PublicationConflictProblemDto,
  DIMENSIONS,
  ReportDto,
  PublishedReportListQueryDto,
  ReportListQueryDto,
  ReportSummaryDto,
  StatisticsQueryDto,
  SurveyStatisticsDto,
} from './statistics.dto';
import { parseCrosstabs, StatisticsService } from './statistics.service';

const DISCLOSURE_NOTE =
  'Figures about fewer than the survey’s minimum group size k (default 5, never below 3) are suppressed ' +
  '(`suppressed: primary`), and further figures are suppressed (`complementary`) so that none can be ' +
  'recovered from totals by subtraction. Suppressed figures are null, never zero.';

export function readerOf(principal: StaffPrincipal): ReportReader {
  return { publishedOnly: principal.role === StaffRole.Management };
}

@ApiTags('statistics')
@ApiExtraModels(PublicationConflictProblemDto)
@Controller()
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly reports: ReportsService,
  ) {}

  @Get('surveys/:id/statistics')
  @Access({
    roles: [StaffRole.Analyst],
    apiKey: { scope: ApiKeyScope.StatisticsRead, alsoScopes: [ApiKeyScope.ResponsesRead], surveyParam: 'id' },
  })
  @HeavyWork()
  @ApiOperation({
    summary: 'Live statistics of a survey, after disclosure control',
    description:
      'Response rate; per question the distribution, n, mean with 95% confidence interval, top-2-box and NPS; ' +
      'one-way breakdowns by country, segment, role and relationship band, and two-way crosstabs. ' +
      DISCLOSURE_NOTE +
      ' Responses can be narrowed to demographic groups (`country`, `segment`, `role`, `relationshipBand`) and ' +
      'to answers to closed questions (`answer=recommend:0|1|2|3|4|5|6`: the detractors); the narrowed ' +
      'population goes through the same disclosure control (fewer than k: everything suppressed), and the ' +
      'response rate is then null. Reports take campaign and period only.' +
      ' Live figures can be filtered to any period, so two calls a moment apart differ by a few respondents: ' +
      'they are for analysts and for API keys that may read the raw responses anyway (`responses:read` as well ' +
      'as `statistics:read`). A key with `statistics:read` alone gets 403 here and reads published reports ' +
      '(`GET /provider/surveys/{id}/reports`), which are checked against everything published before.',
  })
  @ApiOkResponse({ type: SurveyStatisticsDto })
  @ApiProblemResponses(400, 403, 404)
  getSurveyStatistics(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: StatisticsQueryDto,
  ): Promise<SurveyStatisticsDto> {
    return this.statistics.compute(surveyId, {
      filters: { campaignId: query.campaignId, from: query.from, to: query.to },
      breakdowns: query.breakdowns ?? [...DIMENSIONS],
      crosstabs: parseCrosstabs(query.crosstabs),
      language: query.language ?? 'en',
      narrowing: query,
    });
  }

  @Post('surveys/:id/reports')
  @Roles(StaffRole.Analyst)
  @HeavyWork()
  @ApiOperation({
    summary: 'Generate a report snapshot (a draft to review, then publish)',
    description:
      'Computes the statistics with these parameters and keeps only the aggregates after suppression, with the ' +
      'parameters and k used. Refused (409) when fewer than k responses match. ' +
      DISCLOSURE_NOTE,
  })
  @ApiCreatedResponse({ type: ReportDto })
  @ApiProblemResponses(400, 404, 409)
  createReport(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) surveyId: string,
    @Body() body: CreateReportDto,
  ): Promise<ReportDto> {
    return this.reports.create(actor.userId, surveyId, body);
  }

  @Get('reports')
  @Roles(StaffRole.Analyst, StaffRole.Management)
  @ApiOperation({ summary: 'Report snapshots, newest first; management sees published reports only' })
  @ApiPageResponse(ReportSummaryDto)
  @ApiProblemResponses(400)
  listReports(
    @CurrentStaff() actor: StaffPrincipal,
    @Query() query: ReportListQueryDto,
  ): Promise<Page<ReportSummaryDto>> {
    return this.reports.list(readerOf(actor), query);
  }

  @Get('reports/:id')
  @Roles(StaffRole.Analyst, StaffRole.Management)
  @ApiOperation({ summary: 'One report snapshot; management sees published reports only' })
  @ApiOkResponse({ type: ReportDto })
  @ApiProblemResponses(400, 404)
  getReport(@CurrentStaff() actor: StaffPrincipal, @Param('id', uuidParam()) id: string): Promise<ReportDto> {
    return this.reports.get(readerOf(actor), id);
  }

  @Delete('reports/:id')
  @HttpCode(204)
  @Roles(StaffRole.Analyst)
  @ApiOperation({
    summary: 'Delete a draft report',
    description:
      'Only drafts: a published report is refused with 409 (`urn:survey:problem:report-published`). ' +
      'The deletion is recorded in the audit log.',
  })
  @ApiNoContentResponse({ description: 'The draft is deleted' })
  @ApiProblemResponses(400, 404, 409)
  deleteReport(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.reports.deleteDraft(id);
  }

  @Get('provider/surveys/:id/reports')
  @Access({ apiKey: { scope: ApiKeyScope.StatisticsRead, surveyParam: 'id' } })
  @ApiOperation({
    summary: 'Published reports of a survey, newest first (API keys with statistics:read)',
    description: 'The figures an outsider may have: every published report has passed the publication check.',
  })
  @ApiPageResponse(ReportSummaryDto)
  @ApiProblemResponses(400)
  listPublishedReports(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: PublishedReportListQueryDto,
  ): Promise<Page<ReportSummaryDto>> {
    return this.reports.list({ publishedOnly: true }, Object.assign(query, { surveyId, status: 'published' as const }));
  }

  @Get('provider/surveys/:id/reports/:reportId')
  @Access({ apiKey: { scope: ApiKeyScope.StatisticsRead, surveyParam: 'id' } })
  @ApiOperation({ summary: 'One published report of a survey (API keys with statistics:read)' })
  @ApiOkResponse({ type: ReportDto })
  @ApiProblemResponses(400, 404)
  getPublishedReport(
    @Param('id', uuidParam()) surveyId: string,
    @Param('reportId', uuidParam()) reportId: string,
  ): Promise<ReportDto> {
    return this.reports.getOfSurvey({ publishedOnly: true }, surveyId, reportId);
  }

  @Post('reports/:id/publish')
  @HttpCode(200)
  @Roles(StaffRole.Analyst)
  @HeavyWork()
  @ApiOperation({
    summary: 'Publish a draft report for management; it never changes afterwards',
    description:
      'The publication check: the report is computed again for the same responses and checked against every ' +
      'report of the survey already published (intersections and differences of their populations, every ' +
      'group and answer count in them). Figures that would single someone out together with earlier reports ' +
      'are withheld (`suppressed: composition`); when that would not be enough, 409 ' +
      '(`urn:survey:problem:report-composition`) lists the conflicting reports and figures, never a hidden ' +
      'number, and says what to change.',
  })
  @ApiOkResponse({ type: ReportDto })
  @ApiProblemResponses(400, 404)
  @ApiResponse({
    status: 409,
    description: 'Already published, or refused by the publication check',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(PublicationConflictProblemDto) } } },
  })
  publishReport(@CurrentStaff() actor: StaffPrincipal, @Param('id', uuidParam()) id: string): Promise<ReportDto> {
    return this.reports.publish(actor.userId, id);
  }
}
