import { Module } from '@nestjs/common';
import { PrivacyNoticeModule } from '../privacy-notice/privacy-notice.module';
import { SurveysModule } from '../surveys/surveys.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [SurveysModule, PrivacyNoticeModule],
  controllers: [CampaignsController],
  providers: [CampaignsService],
  exports: [CampaignsService],
})
export class DeliveryModule {}
