import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { API_PREFIX } from '../common/security-headers';
import { uuidParam } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import {
  RetentionPolicyDto,
  RetentionPreviewDto,
  RetentionPreviewQueryDto,
  RetentionRunDto,
  toRetentionRunDto,
  toSurveyRetentionDto,
} from './retention.dto';
import { RetentionRunTrigger } from './retention-run.entity';
import { RetentionService } from './retention.service';

@ApiTags('retention')
@Controller('retention')
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('policy')
  @Roles(StaffRole.PrivacyOfficer, StaffRole.Admin, StaffRole.Analyst)
  @ApiOperation({
    summary: 'The retention policy in force: limits, schedule, the rule of each kind and each survey’s settings',
  })
  @ApiOkResponse({ type: RetentionPolicyDto })
  async getRetentionPolicy(): Promise<RetentionPolicyDto> {
    return {
      retentionMonths: this.config.privacy.retentionMonths,
      schedule: { enabled: this.config.retention.scheduleEnabled, hourUtc: this.config.retention.runHourUtc },
      batchSize: this.config.retention.batchSize,
      kinds: this.retention.kinds(),
      surveys: (await this.retention.surveys()).map(toSurveyRetentionDto),
    };
  }

  @Get('preview')
  @Roles(StaffRole.PrivacyOfficer, StaffRole.Admin)
  @HeavyWork()
  @ApiOperation({ summary: 'How many records of each kind become due for deletion within the next `days` days' })
  @ApiOkResponse({ type: RetentionPreviewDto })
  @ApiProblemResponses(400)
  async previewRetention(@Query() query: RetentionPreviewQueryDto): Promise<RetentionPreviewDto> {
    const { at, counts } = await this.retention.preview(query.days);
    return { days: query.days, at: at.toISOString(), counts };
  }

  @Post('runs')
  @Roles(StaffRole.PrivacyOfficer, StaffRole.Admin)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a retention run now: purge everything past its expiry',
    description:
      'The run works in the background, in batches; follow `status`, `currentKind` and `counts` at ' +
      '`GET /retention/runs/{id}` (the `Location` of the answer). While a run is in progress (on any replica) ' +
      'the answer is `409` with type `urn:survey:problem:retention-run-in-progress`.',
  })
  @ApiAcceptedResponse({ type: RetentionRunDto })
  @ApiProblemResponses(409)
  async startRetentionRun(
    @CurrentStaff() actor: StaffPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RetentionRunDto> {
    const run = await this.retention.start(RetentionRunTrigger.Manual, actor.userId);
    res.setHeader('Location', `/${API_PREFIX}/retention/runs/${run.id}`);
    return toRetentionRunDto(run);
  }

  @Get('runs')
  @Roles(StaffRole.PrivacyOfficer, StaffRole.Admin)
  @ApiOperation({ summary: 'Receipts of retention runs, newest first' })
  @ApiPageResponse(RetentionRunDto)
  @ApiProblemResponses(400)
  async listRetentionRuns(@Query() query: PageQueryDto): Promise<Page<RetentionRunDto>> {
    const page = await this.retention.list(query);
    return { items: page.items.map(toRetentionRunDto), meta: page.meta };
  }

  @Get('runs/:id')
  @Roles(StaffRole.PrivacyOfficer, StaffRole.Admin)
  @ApiOperation({ summary: 'The receipt of one retention run (with its progress while it runs)' })
  @ApiOkResponse({ type: RetentionRunDto })
  @ApiProblemResponses(400, 404)
  async getRetentionRun(@Param('id', uuidParam()) id: string): Promise<RetentionRunDto> {
    return toRetentionRunDto(await this.retention.get(id));
  }
}
