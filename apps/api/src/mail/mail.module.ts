import { Global, Module } from '@nestjs/common';
import { MailMetrics } from './mail-metrics';
import { MailOutboxService } from './mail-outbox.service';
import { MailOutboxRetention } from './mail-retention';
import { MailSender } from './mail-sender.service';
import { MailOutboxRepository } from './mail.repository';

/** The mail outbox and its sender; global so feature modules queue mail without importing it. */
@Global()
@Module({
  providers: [MailMetrics, MailOutboxRepository, MailOutboxService, MailSender, MailOutboxRetention],
  exports: [MailOutboxService, MailSender],
})
export class MailModule {}
