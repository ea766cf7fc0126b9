import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/**
 * Exports made in the background (owns export_files and export_parts): a job makes the file,
 * stores it encrypted, and its asker downloads it until it expires. Other modules store the files
 * their jobs produce through ExportsService.
 */
@Module({
  imports: [StatisticsModule, IngestionModule, SurveysModule],
  controllers: [ExportsController],
  providers: [ExportsRepository, ExportsService],
  exports: [ExportsService],
})
export class ExportsModule {}
