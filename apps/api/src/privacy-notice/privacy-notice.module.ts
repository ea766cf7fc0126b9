import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { PrivacyNoticeController } from './privacy-notice.controller';
import { PrivacyNoticeService } from './privacy-notice.service';

/** GET /privacy-notice, and the service that renders the notice (full, or short for e-mails). */
@Module({
  imports: [SurveysModule],
  controllers: [PrivacyNoticeController],
  providers: [PrivacyNoticeService],
  exports: [PrivacyNoticeService],
})
export class PrivacyNoticeModule {}
