import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { API_PREFIX } from '../common/security-headers';
import { uuidParam } from '../common/validation';
import { ContactImportsService } from './contact-imports.service';
import {
  ContactImportDto,
  ContactImportIssueDto,
  ContactImportIssueQueryDto,
  toContactImportDto,
  toContactImportIssueDto,
} from './contacts.dto';

/** The upload route reads its body as a stream; app.factory keeps the JSON parser off it. */
export const CONTACT_IMPORT_PATH = 'contacts/imports';

@ApiTags('contacts')
@Controller(CONTACT_IMPORT_PATH)
@Roles(StaffRole.Analyst)
export class ContactImportsController {
  constructor(private readonly imports: ContactImportsService) {}

  @Post()
  @HttpCode(202)
  @HeavyWork()
  @ApiOperation({
    summary: 'Import contacts from a filing-platform extract (CSV or JSON); processed in the background',
    description:
      'Send the file itself as the body, `text/csv` (UTF-8, header row; columns full_name, email, country_code, ' +
      'segment, platform required; ir_numbers, role, customer_since or relationship_years, preferred_language ' +
      'optional) or `application/json` (an array of objects with the same keys, or `{ "contacts": [...] }`). ' +
      'A file that is not UTF-8 CSV/JSON, too large, or lacks a required column is refused and nothing is written. ' +
      'Otherwise the answer is 202 with the import; follow its progress at `GET /contacts/imports/{id}` and read ' +
      'the per-row report at `GET /contacts/imports/{id}/issues`. A known address updates its contact.',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: ContactImportDto })
  @ApiProblemResponses(400, 413, 415)
  async importContacts(
    @CurrentStaff() actor: StaffPrincipal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('content-type') contentType?: string,
    @Headers('content-length') contentLength?: string,
  ): Promise<ContactImportDto> {
    const job = await this.imports.start(actor.userId, req, contentType, contentLength);
    res.setHeader('Location', `/${API_PREFIX}/${CONTACT_IMPORT_PATH}/${job.id}`);
    return toContactImportDto(job);
  }

  @Get()
  @ApiOperation({ summary: 'List contact imports, newest first' })
  @ApiPageResponse(ContactImportDto)
  @ApiProblemResponses(400)
  async listContactImports(@Query() query: PageQueryDto): Promise<Page<ContactImportDto>> {
    const page = await this.imports.list(query);
    return { items: page.items.map(toContactImportDto), meta: page.meta };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress and counts of a contact import' })
  @ApiOkResponse({ type: ContactImportDto })
  @ApiProblemResponses(400, 404)
  async getContactImport(@Param('id', uuidParam()) id: string): Promise<ContactImportDto> {
    return toContactImportDto(await this.imports.get(id));
  }

  @Get(':id/issues')
  @ApiOperation({ summary: 'Row report of a contact import: row, field and reason of each refusal or warning' })
  @ApiPageResponse(ContactImportIssueDto)
  @ApiProblemResponses(400, 404)
  async listContactImportIssues(
    @Param('id', uuidParam()) id: string,
    @Query() query: ContactImportIssueQueryDto,
  ): Promise<Page<ContactImportIssueDto>> {
    const page = await this.imports.issues(id, query);
    return { items: page.items.map(toContactImportIssueDto), meta: page.meta };
  }
}
