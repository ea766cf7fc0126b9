import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { API_PREFIX } from '../common/security-headers';
import { uuidParam } from '../common/validation';
import { Campaign } from './campaign.entity';
import { CampaignsService } from './campaigns.service';
import {
  CampaignDto,
  CampaignPreviewDto,
  CampaignTargetDto,
  CreateCampaignDto,
  InvitationDto,
  InvitationQueryDto,
  ReminderPreviewDto,
  ReminderRoundDto,
  SendRemindersDto,
  toCampaignDto,
  toInvitationDto,
} from './delivery.dto';

@ApiTags('campaigns')
@Controller()
@Roles(StaffRole.Analyst)
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  private async dtos(campaigns: Campaign[]): Promise<CampaignDto[]> {
    const funnels = await this.campaigns.funnels(campaigns.map((c) => c.id));
    return campaigns.map((campaign) => toCampaignDto(campaign, funnels.get(campaign.id)!));
  }

  @Post('surveys/:id/campaigns/preview')
  @HttpCode(200)
  @HeavyWork()
  @ApiOperation({ summary: 'Count who a target would invite, before creating the campaign' })
  @ApiOkResponse({ type: CampaignPreviewDto })
  @ApiProblemResponses(400, 404)
  async previewCampaign(
    @Param('id', uuidParam()) surveyId: string,
    @Body() target: CampaignTargetDto,
  ): Promise<CampaignPreviewDto> {
    return this.campaigns.preview(surveyId, target);
  }

  @Post('surveys/:id/campaigns')
  @HttpCode(202)
  @HeavyWork()
  @ApiOperation({
    summary:
      'Create a campaign and invite its target: one invitation per contact per survey, mailed through the outbox',
    description:
      'Invitations are made in the background, in batches: follow `status` and `invitedCount` against ' +
      '`targetCount` at `GET /campaigns/{id}` (the `Location` of the answer).',
  })
  @ApiAcceptedResponse({ type: CampaignDto })
  @ApiProblemResponses(400, 404, 409)
  async createCampaign(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) surveyId: string,
    @Body() dto: CreateCampaignDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CampaignDto> {
    const [campaign] = await this.dtos([await this.campaigns.create(actor.userId, surveyId, dto)]);
    res.setHeader('Location', `/${API_PREFIX}/campaigns/${campaign.id}`);
    return campaign;
  }

  @Get('surveys/:id/campaigns')
  @ApiOperation({ summary: 'List a survey’s campaigns with their funnels' })
  @ApiPageResponse(CampaignDto)
  @ApiProblemResponses(400, 404)
  async listCampaigns(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<CampaignDto>> {
    const page = await this.campaigns.list(surveyId, query);
    return { items: await this.dtos(page.items), meta: page.meta };
  }

  @Get('campaigns/:id')
  @ApiOperation({
    summary: 'A campaign with its funnel: invited, delivered, bounced, opened, started, completed, opted out',
  })
  @ApiOkResponse({ type: CampaignDto })
  @ApiProblemResponses(400, 404)
  async getCampaign(@Param('id', uuidParam()) id: string): Promise<CampaignDto> {
    const [campaign] = await this.dtos([await this.campaigns.get(id)]);
    return campaign;
  }

  @Get('campaigns/:id/reminders/preview')
  @ApiOperation({
    summary: 'How many invitees a reminder sent now would reach, and when the next reminder is allowed',
  })
  @ApiOkResponse({ type: ReminderPreviewDto })
  @ApiProblemResponses(400, 404)
  async previewReminders(@Param('id', uuidParam()) id: string): Promise<ReminderPreviewDto> {
    return this.campaigns.reminderPreview(id);
  }

  @Post('campaigns/:id/reminders')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a reminder to invitees who have not completed or opted out, up to the campaign’s limit',
    description:
      'Refused with `reminder-too-early` (409) within REMINDER_MIN_DELAY_DAYS of the campaign’s last mailing, ' +
      'unless `override` is true; an override is recorded in the audit log.',
  })
  @ApiBody({ type: SendRemindersDto, required: false })
  @ApiOkResponse({ type: ReminderRoundDto })
  @ApiProblemResponses(400, 404, 409)
  async sendReminders(
    @Param('id', uuidParam()) id: string,
    @Body() body: SendRemindersDto = {},
  ): Promise<ReminderRoundDto> {
    return this.campaigns.remind(id, { override: body?.override });
  }

  @Get('surveys/:id/invitations')
  @ApiOperation({ summary: 'A survey’s invitations and how far each got (without who they were sent to)' })
  @ApiPageResponse(InvitationDto)
  @ApiProblemResponses(400, 404)
  async listInvitations(
    @Param('id', uuidParam()) surveyId: string,
    @Query() query: InvitationQueryDto,
  ): Promise<Page<InvitationDto>> {
    const page = await this.campaigns.invitations(surveyId, query);
    return { items: page.items.map(toInvitationDto), meta: page.meta };
  }
}
