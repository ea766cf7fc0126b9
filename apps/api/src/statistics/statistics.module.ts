import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ExportRenderer } from './export-renderer';
import { ReportExportsController } from './report-exports.controller';
import { InvitationFiguresRepository } from './invitation-figures.repository';
import { PublicationLedgerRepository } from './publication-ledger.repository';
import { PublicationService } from './publication.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [SurveysModule, IngestionModule],
  controllers: [StatisticsController, ReportExportsController],
  providers: [
    StatisticsService,
    PublicationService,
    ReportsService,
    ExportRenderer,
    ReportsRepository,
    PublicationLedgerRepository,
    InvitationFiguresRepository,
  ],
  exports: [StatisticsService, ReportsService],
})
export class StatisticsModule {}
