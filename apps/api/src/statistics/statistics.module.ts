import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { ReportsService } from './reports.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [SurveysModule],
  controllers: [StatisticsController],
  providers: [StatisticsService, ReportsService],
  exports: [StatisticsService, ReportsService],
})
export class StatisticsModule {}
