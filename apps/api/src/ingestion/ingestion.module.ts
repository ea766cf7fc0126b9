import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { BrandingModule } from '../branding/branding.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { PrivacyNoticeModule } from '../privacy-notice/privacy-notice.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ProviderIdempotencyRepository } from './provider-idempotency.repository';
import { ProviderResponsesService } from './provider-responses.service';
import { ProviderController } from './provider.controller';
import { QuestionnaireCache } from './questionnaire-cache';
import { RawResponsesService } from './raw-responses.service';
import { NewLinkThrottle } from './new-link-throttle';
import { RespondController } from './respond.controller';
import { ProviderReadRateLimit, ProviderWriteRateLimit, RespondThrottle } from './respond-throttle';
import { RespondentService } from './respondent.service';
import { RespondentsRepository } from './respondents.repository';
import { ResponseRetention } from './response-retention';
import { ResponseRollupsRepository } from './response-rollups.repository';
import { ResponseRollupsService } from './response-rollups.service';
import { ResponseStatisticsRepository } from './response-statistics.repository';
import { ResponseStore } from './response-store';
import { ResponseBrowserController } from './response-browser.controller';
import { ResponseBrowserRepository } from './response-browser.repository';
import { ResponseBrowserService } from './response-browser.service';
import { ResponsesController } from './responses.controller';
import { ResponsesRepository } from './responses.repository';

/**
 * Responses: the respondent's link, the provider's batches and raw-response pages, and the
 * retention of responses, their links, drafts and Idempotency-Keys (registered at start-up).
 */
@Module({
  imports: [SurveysModule, DeliveryModule, PrivacyNoticeModule, ContactsModule, BrandingModule, WebhooksModule],
  controllers: [RespondController, ProviderController, ResponsesController, ResponseBrowserController],
  providers: [
    RespondentService,
    ProviderResponsesService,
    RawResponsesService,
    ResponseBrowserService,
    ResponseBrowserRepository,
    QuestionnaireCache,
    ResponseStore,
    RespondThrottle,
    NewLinkThrottle,
    ProviderWriteRateLimit,
    ProviderReadRateLimit,
    ResponsesRepository,
    RespondentsRepository,
    ProviderIdempotencyRepository,
    ResponseRetention,
    ResponseStatisticsRepository,
    ResponseRollupsRepository,
    ResponseRollupsService,
  ],
  exports: [
    RawResponsesService,
    ResponseStore,
    QuestionnaireCache,
    ProviderReadRateLimit,
    ResponseStatisticsRepository,
    ResponseRollupsService,
    // Privacy rights: a person's responses, read and changed in the privacy request's transaction.
    ResponsesRepository,
    ResponseRetention,
  ],
})
export class IngestionModule {}
