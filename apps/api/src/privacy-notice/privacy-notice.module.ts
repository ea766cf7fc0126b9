import { Module } from '@nestjs/common';
import { PrivacyNoticeController } from './privacy-notice.controller';
import { PrivacyNoticeService } from './privacy-notice.service';

/** GET /privacy-notice, and the service that renders the notice (full, or short for e-mails). */
@Module({
  controllers: [PrivacyNoticeController],
  providers: [PrivacyNoticeService],
  exports: [PrivacyNoticeService],
})
export class PrivacyNoticeModule {}
