import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Signed outgoing webhooks (owns webhook_subscriptions, webhook_events, webhook_deliveries and
 * webhook_delivery_attempts). Other modules emit events through WebhooksService inside their own
 * transactions.
 */
@Module({
  imports: [UsersModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}
