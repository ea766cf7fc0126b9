import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { PersonalDataInventory } from './personal-data-inventory';
import { PersonalDataRepository } from './personal-data.repository';
import { PrivacyRequestDownloadsRepository } from './privacy-request-downloads.repository';
import { PrivacyRequestRetention } from './privacy-request-retention';
import { PrivacyRequestThrottle } from './privacy-request-throttle';
import { PrivacyRequestsController } from './privacy-requests.controller';
import { PrivacyRequestsRepository } from './privacy-requests.repository';
import { PrivacyRequestsService } from './privacy-requests.service';
import { ProcessingRecordService } from './processing-record';
import { ProcessingRecordController } from './processing-record.controller';
import { ProviderErasureNoticesRepository } from './provider-erasure-notices.repository';
import { ProviderErasuresController } from './provider-erasures.controller';
import { ProviderErasuresService } from './provider-erasures.service';

/** Data-subject requests (P7), the provider's erasure feed, their retention, and the record of processing. */
@Module({
  imports: [ContactsModule, IngestionModule],
  controllers: [PrivacyRequestsController, ProviderErasuresController, ProcessingRecordController],
  providers: [
    PrivacyRequestsRepository,
    PrivacyRequestDownloadsRepository,
    ProviderErasureNoticesRepository,
    PersonalDataRepository,
    PrivacyRequestsService,
    PersonalDataInventory,
    PrivacyRequestThrottle,
    ProviderErasuresService,
    PrivacyRequestRetention,
    ProcessingRecordService,
  ],
  exports: [PrivacyRequestsService, PrivacyRequestRetention],
})
export class PrivacyRequestsModule {}
