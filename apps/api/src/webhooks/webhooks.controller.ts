import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  CreateWebhookSubscriptionDto,
  RotateWebhookSecretDto,
  toWebhookSubscriptionDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryDto,
  WebhookDeliveryQueryDto,
  WebhookSubscriptionDto,
  WebhookSubscriptionWithSecretDto,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
@Roles(StaffRole.Admin)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get('subscriptions')
  @ApiOperation({ summary: 'List webhook subscriptions (never their secrets)' })
  @ApiPageResponse(WebhookSubscriptionDto)
  @ApiProblemResponses(400)
  async listWebhookSubscriptions(@Query() query: PageQueryDto): Promise<Page<WebhookSubscriptionDto>> {
    const page = await this.webhooks.list(query);
    return { items: page.items.map(toWebhookSubscriptionDto), meta: page.meta };
  }

  @Post('subscriptions')
  @ApiOperation({
    summary: 'Subscribe a receiver to events; its signing secret is shown once',
    description:
      'The URL is checked now and again at each delivery: https in production, no loopback, private, ' +
      'link-local or other non-public address unless WEBHOOKS_ALLOW_PRIVATE is set; redirects are not followed.',
  })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecretDto })
  @ApiProblemResponses(400)
  async createWebhookSubscription(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() dto: CreateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionWithSecretDto> {
    const { subscription, secret } = await this.webhooks.create(actor.userId, dto);
    return { subscription: toWebhookSubscriptionDto(subscription), secret };
  }

  @Get('subscriptions/:id')
  @ApiOperation({ summary: 'Get a webhook subscription (never its secret)' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiProblemResponses(400, 404)
  async getWebhookSubscription(@Param('id', uuidParam()) id: string): Promise<WebhookSubscriptionDto> {
    return toWebhookSubscriptionDto(await this.webhooks.get(id));
  }

  @Patch('subscriptions/:id')
  @ApiOperation({ summary: 'Change a subscription, disable it, or enable it again (clearing its failure streak)' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiProblemResponses(400, 404)
  async updateWebhookSubscription(
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionDto> {
    return toWebhookSubscriptionDto(await this.webhooks.update(id, dto));
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a subscription with its delivery log; its secrets are destroyed' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(400, 404)
  async deleteWebhookSubscription(@Param('id', uuidParam()) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Post('subscriptions/:id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make a new signing secret, shown once; the previous one keeps signing during the overlap',
  })
  @ApiOkResponse({ type: WebhookSubscriptionWithSecretDto })
  @ApiProblemResponses(400, 404)
  async rotateWebhookSecret(
    @Param('id', uuidParam()) id: string,
    @Body() dto: RotateWebhookSecretDto,
  ): Promise<WebhookSubscriptionWithSecretDto> {
    const { subscription, secret } = await this.webhooks.rotateSecret(id, dto);
    return { subscription: toWebhookSubscriptionDto(subscription), secret };
  }

  @Get('subscriptions/:id/deliveries')
  @ApiOperation({ summary: 'The delivery log of a subscription: status codes and timings, latest first' })
  @ApiPageResponse(WebhookDeliveryDto)
  @ApiProblemResponses(400, 404)
  listWebhookDeliveries(
    @Param('id', uuidParam()) id: string,
    @Query() query: WebhookDeliveryQueryDto,
  ): Promise<Page<WebhookDeliveryDto>> {
    return this.webhooks.deliveries(id, query);
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'One delivery with each of its attempts' })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiProblemResponses(400, 404)
  getWebhookDelivery(@Param('id', uuidParam()) id: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.delivery(id);
  }

  @Post('deliveries/:id/replay')
  @ApiOperation({
    summary: 'Send a delivery’s event again (same webhook-id), as a new delivery',
    description:
      'Refused (409) while the subscription is disabled, and (410) once the event’s body was dropped after 7 days.',
  })
  @ApiCreatedResponse({ type: WebhookDeliveryDto })
  @ApiProblemResponses(400, 404, 409, 410)
  replayWebhookDelivery(@Param('id', uuidParam()) id: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.replay(id);
  }
}
