import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SurveysModule } from '../surveys/surveys.module';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionScheduler } from './retention.scheduler';
import { RetentionService } from './retention.service';

/**
 * Retention (P8): the policy, the preview, the run and its receipts, and the daily job. Each
 * module registers the targets for its own records with the RetentionRegistry; the registry fixes
 * the order a run purges them in (responses first, so that the invitations they hold can go in
 * the same run; the audit log last).
 */
@Module({
  imports: [SurveysModule, IngestionModule],
  controllers: [RetentionController],
  providers: [RetentionService, RetentionScheduler, RetentionRepository],
  exports: [RetentionService],
})
export class RetentionModule {}
