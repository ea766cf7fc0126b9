import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOmittable } from '../common/validation';
import type { Request, Response } from 'express';
import { Roles } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiProblemResponses } from '../common/problem';
import { ProcessingRecordDto, ProcessingRecordService, processingRecordMarkdown } from './processing-record';

export class ProcessingRecordQueryDto {
  /** `json` (default) or `markdown`; `Accept: text/markdown` also gives Markdown. */
  @ApiPropertyOptional({ enum: ['json', 'markdown'] })
  @IsOmittable()
  @IsIn(['json', 'markdown'], { message: 'format must be json or markdown' })
  format?: 'json' | 'markdown';
}

@ApiTags('privacy-requests')
@Controller('processing-activities')
export class ProcessingRecordController {
  constructor(private readonly records: ProcessingRecordService) {}

  @Get()
  @Roles(StaffRole.PrivacyOfficer, StaffRole.Admin)
  @ApiOperation({
    summary: 'The record of processing activities, generated from the live configuration (JSON or Markdown)',
    description:
      'Purposes, categories of people and of data (and which are encrypted), sources, recipients (with the roles ' +
      'and API-key scopes that make them so, and how many live credentials hold them), retention per kind of data ' +
      'and per survey, and security measures, as configured now. No personal value.',
  })
  @ApiProduces('application/json', 'text/markdown')
  @ApiOkResponse({ type: ProcessingRecordDto })
  @ApiProblemResponses(400)
  async getProcessingRecord(
    @Query() query: ProcessingRecordQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProcessingRecordDto | string> {
    const record = await this.records.record();
    const markdown =
      query.format === 'markdown' ||
      (query.format === undefined && req.accepts(['application/json', 'text/markdown']) === 'text/markdown');
    if (!markdown) return record;
    res.type('text/markdown; charset=utf-8');
    return processingRecordMarkdown(record);
  }
}
