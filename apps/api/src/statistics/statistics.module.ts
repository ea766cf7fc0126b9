import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ExportRenderer } from './export-renderer';
import { ReportExportsController } from './report-exports.controller';
import { PublicationLedgerRepository } from './publication-ledger.repository';
import { PublicationService } from './publication.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [SurveysModule, IngestionModule, DeliveryModule, WebhooksModule],
  controllers: [StatisticsController, ReportExportsController],
  providers: [
    StatisticsService,
    PublicationService,
    ReportsService,
    ExportRenderer,
    ReportsRepository,
    PublicationLedgerRepository,
  ],
  exports: [StatisticsService, ReportsService, ExportRenderer],
})
export class StatisticsModule {}
