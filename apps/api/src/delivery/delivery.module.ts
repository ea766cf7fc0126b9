import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ContactsModule } from '../contacts/contacts.module';
import { PrivacyNoticeModule } from '../privacy-notice/privacy-notice.module';
import { SurveysModule } from '../surveys/surveys.module';
import { UsersModule } from '../users/users.module';
import { MailTextsController } from './mail-texts.controller';
import { MailTextsRepository } from './mail-texts.repository';
import { MailTextsService } from './mail-texts.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';
import { InvitationsRetention } from './invitation-retention';
import { InvitationsRepository } from './invitations.repository';

/** Campaigns, invitations and their secret links; the retention of invitations is registered from here. */
@Module({
  imports: [SurveysModule, PrivacyNoticeModule, ContactsModule, UsersModule, WebhooksModule],
  controllers: [CampaignsController, MailTextsController],
  providers: [
    CampaignsService,
    CampaignsRepository,
    InvitationsRepository,
    InvitationsRetention,
    MailTextsService,
    MailTextsRepository,
  ],
  exports: [CampaignsService, InvitationsRepository],
})
export class DeliveryModule {}
