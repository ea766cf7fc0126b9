import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import { invalidField } from '../common/problem';
import { FailedJobRow, JobsRepository } from './jobs.repository';

/** A job id as the queue makes them: a positive bigint. */
const JOB_ID = /^[1-9][0-9]{0,17}$/;

/** The dead-letter list for administrators: jobs that used all their attempts, and a retry. */
@Injectable()
export class JobsService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly audit: AuditService,
  ) {}

  async failed(query: PageQueryDto): Promise<Page<FailedJobRow>> {
    const [items, total] = await this.jobs.failedPage(query);
    return toPage(items, total, query);
  }

  /** Gives a failed job its attempts back and runs it again now. */
  async retry(id: string): Promise<void> {
    if (!JOB_ID.test(id)) throw invalidField('id', 'id must be a job id (a positive integer)');
    if (!(await this.jobs.retryFailed(id))) throw notFound('No failed job has this id.');
    await this.audit.record({ action: 'job.retried', resourceType: 'job', resourceId: id });
  }
}
