import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentStaff, Roles, type StaffPrincipal } from '../auth/access.decorator';
import { ApiKeyScope, StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import { ReportsService, type ReportReader } from './reports.service';
import {
  CreateReportDto,
  DIMENSIONS,
  ReportDto,
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
@Controller()
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly reports: ReportsService,
  ) {}

  @Get('surveys/:id/statistics')
  @Access({ roles: [StaffRole.Analyst], apiKey: { scope: ApiKeyScope.StatisticsRead, surveyParam: 'id' } })
  @HeavyWork()
  @ApiOperation({
    summary: 'Live statistics of a survey, after disclosure control',
    description:
      'Response rate; per question the distribution, n, mean with 95% confidence interval, top-2-box and NPS; ' +
      'one-way breakdowns by country, segment, role and relationship band, and two-way crosstabs. ' +
      DISCLOSURE_NOTE,
  })
  @ApiOkResponse({ type: SurveyStatisticsDto })
  @ApiProblemResponses(400, 404)
  getSurveyStatistics(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: StatisticsQueryDto,
  ): Promise<SurveyStatisticsDto> {
    return this.statistics.compute(surveyId, {
      filters: { campaignId: query.campaignId, from: query.from, to: query.to },
      breakdowns: query.breakdowns ?? [...DIMENSIONS],
      crosstabs: parseCrosstabs(query.crosstabs),
      language: query.language ?? 'en',
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

  @Post('reports/:id/publish')
  @HttpCode(200)
  @Roles(StaffRole.Analyst)
  @HeavyWork()
  @ApiOperation({
    summary: 'Publish a draft report for management; it never changes afterwards',
    description:
      'Refused (409) when the report’s responses differ from those of an already published report of the same ' +
      'survey by fewer than k, since subtracting one from the other would describe those respondents.',
  })
  @ApiOkResponse({ type: ReportDto })
  @ApiProblemResponses(400, 404, 409)
  publishReport(@CurrentStaff() actor: StaffPrincipal, @Param('id', uuidParam()) id: string): Promise<ReportDto> {
    return this.reports.publish(actor.userId, id);
  }
}
