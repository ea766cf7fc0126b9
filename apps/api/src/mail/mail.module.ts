import { Global, Module } from '@nestjs/common';
import { MailOutboxService } from './mail-outbox.service';
import { MailSender } from './mail-sender.service';

/** The mail outbox and its sender; global so feature modules queue mail without importing it. */
@Global()
@Module({ providers: [MailOutboxService, MailSender], exports: [MailOutboxService, MailSender] })
export class MailModule {}
