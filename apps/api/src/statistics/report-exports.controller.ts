import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, Roles, type StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { AuditService } from '../audit/audit.service';
import { HeavyWork } from '../common/heavy-work';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import { ExportRenderer } from './export-renderer';
import { EXPORT_CONTENT_TYPES, exportFileName } from './exports';
import { ReportsService } from './reports.service';
import { readerOf } from './statistics.controller';
import { ReportExportQueryDto } from './statistics.dto';

@ApiTags('statistics')
@Controller()
export class ReportExportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly renderer: ExportRenderer,
  ) {}

  @Get('reports/:id/export')
  @Roles(StaffRole.Analyst, StaffRole.Management)
  @HeavyWork()
  @ApiOperation({ summary: 'Download a report as CSV, XLSX or PDF; suppressed figures are marked as such' })
  @ApiProduces(...Object.values(EXPORT_CONTENT_TYPES))
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiProblemResponses(400, 404)
  async exportReport(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) id: string,
    @Query() query: ReportExportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const report = await this.reports.get(readerOf(actor), id);
    const body = await this.renderer.render(report, query.format);
    await this.audit.record({
      action: 'report.exported',
      resourceType: 'report',
      resourceId: id,
      details: { format: query.format },
    });
    res
      .status(200)
      .type(EXPORT_CONTENT_TYPES[query.format])
      .attachment(exportFileName(report, query.format))
      .send(body);
  }
}
