import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { RawResponsePageDto } from '../ingestion/ingestion.dto';
import type { Response } from 'express';
import { CurrentStaff, Roles, type StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import { ExportStatus } from './export-file.entity';
import { CreateExportDto, ExportDto, toExportDto } from './exports.dto';
import { ExportsService } from './exports.service';

/** Seconds a client should wait before polling an unfinished export again. */
const POLL_SECONDS = 2;

@ApiTags('exports')
@ApiExtraModels(RawResponsePageDto)
@Controller('exports')
@Roles(StaffRole.Analyst, StaffRole.Management)
export class ExportsController {
  constructor(private readonly service: ExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for an export of any size, made in the background',
    description:
      'A report as PDF, XLSX or CSV, or (analysts) a survey’s pseudonymised raw responses as JSON or CSV. ' +
      'Answers 202 with the export and its `Location`; poll it until `status` is `ready`, then download ' +
      '`fileUrl` until `expiresAt`. The file is stored encrypted and deleted when it expires. Only the ' +
      'staff user who asked can see or download it.',
  })
  @ApiAcceptedResponse({
    type: ExportDto,
    headers: { Location: { description: 'The export', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 403, 404)
  async createExport(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() body: CreateExportDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExportDto> {
    const file = await this.service.request(actor, body);
    res.setHeader('Location', `/api/v1/exports/${file.id}`);
    res.setHeader('Retry-After', String(POLL_SECONDS));
    return toExportDto(file);
  }

  @Get()
  @ApiOperation({ summary: 'Your exports, latest first' })
  @ApiPageResponse(ExportDto)
  @ApiProblemResponses(400)
  async listExports(@CurrentStaff() actor: StaffPrincipal, @Query() query: PageQueryDto): Promise<Page<ExportDto>> {
    const page = await this.service.list(actor, query);
    return { items: page.items.map(toExportDto), meta: page.meta };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your exports: its state, progress and, when ready, its file' })
  @ApiOkResponse({ type: ExportDto })
  @ApiProblemResponses(400, 404)
  async getExport(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExportDto> {
    const file = await this.service.get(actor, id);
    if (file.status === ExportStatus.Queued || file.status === ExportStatus.Running) {
      res.setHeader('Retry-After', String(POLL_SECONDS));
    }
    return toExportDto(file);
  }

  @Get(':id/file')
  @HeavyWork()
  @ApiOperation({ summary: 'Download the file of a ready export (until it expires)' })
  @ApiOkResponse({
    description:
      'The file: a report as PDF, XLSX or CSV, or raw responses as JSON (`{ items, nextCursor: null }`) or CSV',
    content: {
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
      'text/csv': { schema: { type: 'string', format: 'binary' } },
      'application/json': { schema: { $ref: getSchemaPath(RawResponsePageDto) } },
    },
  })
  @ApiProblemResponses(400, 404, 409, 410)
  async downloadExport(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuidParam()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.service.download(actor, id, res);
  }
}
