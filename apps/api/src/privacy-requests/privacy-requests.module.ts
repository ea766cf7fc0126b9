import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { ExportsModule } from '../exports/exports.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SurveysModule } from '../surveys/surveys.module';
import { UsersModule } from '../users/users.module';
import { AccessPackagesService } from './access-packages.service';
import { PersonalDataInventory } from './personal-data-inventory';
import { PrivacyRequestCloser } from './privacy-request-closer';
import { PrivacyRequestDownloadsRepository } from './privacy-request-downloads.repository';
import { PrivacyRequestFulfilmentService } from './privacy-request-fulfilment.service';
import { PrivacyRequestIntakeService } from './privacy-request-intake.service';
import { PrivacyRequestMailer } from './privacy-request-mailer';
import { PrivacyRequestRetention } from './privacy-request-retention';
import { PrivacyRequestThrottle } from './privacy-request-throttle';
import { PrivacyRequestViews } from './privacy-request-views';
import { PrivacyRequestWorkflowService } from './privacy-request-workflow.service';
import { PrivacyRequestsController } from './privacy-requests.controller';
import { PrivacyRequestsRepository } from './privacy-requests.repository';
import { ProcessingRecordService } from './processing-record';
import { ProcessingRecordController } from './processing-record.controller';
import { ProviderErasureNoticesRepository } from './provider-erasure-notices.repository';
import { ProviderErasuresController } from './provider-erasures.controller';
import { ProviderErasuresService } from './provider-erasures.service';

/** Data-subject requests (P7), the provider's erasure feed, their retention, and the record of processing. */
@Module({
  imports: [
    ContactsModule,
    DeliveryModule,
    IngestionModule,
    SurveysModule,
    UsersModule,
    ApiKeysModule,
    ExportsModule,
    WebhooksModule,
  ],
  controllers: [PrivacyRequestsController, ProviderErasuresController, ProcessingRecordController],
  providers: [
    PrivacyRequestsRepository,
    PrivacyRequestDownloadsRepository,
    ProviderErasureNoticesRepository,
    PrivacyRequestIntakeService,
    PrivacyRequestWorkflowService,
    PrivacyRequestFulfilmentService,
    PrivacyRequestCloser,
    AccessPackagesService,
    PrivacyRequestMailer,
    PrivacyRequestViews,
    PersonalDataInventory,
    PrivacyRequestThrottle,
    ProviderErasuresService,
    PrivacyRequestRetention,
    ProcessingRecordService,
  ],
  exports: [
    PrivacyRequestIntakeService,
    PrivacyRequestWorkflowService,
    PrivacyRequestFulfilmentService,
    PrivacyRequestRetention,
  ],
})
export class PrivacyRequestsModule {}
