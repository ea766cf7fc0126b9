import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

/**
 * The job queue (graphile-worker): owns the `graphile_worker` schema. Modules enqueue through
 * JobQueue in their own transactions and register their tasks' handlers with it;
 * administrators see and retry failed jobs through JobsController.
 */
@Global()
@Module({
  controllers: [JobsController],
  providers: [JobsRepository, JobQueue, JobsService],
  exports: [JobQueue],
})
export class JobsModule {}
