import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { ExportRenderer } from './export-renderer';
import { ReportExportsController } from './report-exports.controller';
import { PublicationService } from './publication.service';
import { ReportsService } from './reports.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [SurveysModule],
  controllers: [StatisticsController, ReportExportsController],
  providers: [StatisticsService, PublicationService, ReportsService, ExportRenderer],
  exports: [StatisticsService, ReportsService],
})
export class StatisticsModule {}
