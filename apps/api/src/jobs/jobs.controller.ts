import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { FailedJobDto, toFailedJobDto } from './jobs.dto';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@Controller('jobs')
@Roles(StaffRole.Admin)
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('failed')
  @ApiOperation({
    summary: 'List background jobs that used all their attempts (the dead-letter list), latest failure first',
  })
  @ApiPageResponse(FailedJobDto)
  @ApiProblemResponses(400)
  async listFailedJobs(@Query() query: PageQueryDto): Promise<Page<FailedJobDto>> {
    const page = await this.jobs.failed(query);
    return { items: page.items.map(toFailedJobDto), meta: page.meta };
  }

  @Post(':id/retry')
  @HttpCode(204)
  @ApiOperation({ summary: 'Run a failed job again, with its attempts given back' })
  @ApiNoContentResponse({ description: 'The job is queued to run now.' })
  @ApiProblemResponses(400, 404)
  async retryFailedJob(@Param('id') id: string): Promise<void> {
    await this.jobs.retry(id);
  }
}
