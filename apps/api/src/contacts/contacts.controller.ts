import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Roles } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  ContactDto,
  ContactFacetsDto,
  ContactMatchesDto,
  ContactQueryDto,
  ContactSummaryDto,
  FindContactByEmailDto,
  toContactDto,
  toContactSummaryDto,
  UpdateContactDto,
} from './contacts.dto';
import { ContactsService } from './contacts.service';

const CONTACT_READERS = [StaffRole.Analyst, StaffRole.PrivacyOfficer];

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @Roles(...CONTACT_READERS)
  @ApiOperation({ summary: 'List contacts without identifying fields, filtered by country, segment, platform, role' })
  @ApiPageResponse(ContactSummaryDto)
  @ApiProblemResponses(400)
  async listContacts(@Query() query: ContactQueryDto): Promise<Page<ContactSummaryDto>> {
    const page = await this.contacts.list(query);
    return { items: page.items.map(toContactSummaryDto), meta: page.meta };
  }

  @Get('facets')
  @Roles(StaffRole.Analyst)
  @ApiOperation({
    summary: 'The countries, segments, roles and platforms the directory holds, with how many contacts have each',
    description:
      'For choosing a campaign target from existing values. Most frequent first, at most 200 values per attribute ' +
      '(`truncated` says when more exist). Counts only, no identifying field.',
  })
  @ApiOkResponse({ type: ContactFacetsDto })
  async listContactFacets(): Promise<ContactFacetsDto> {
    return this.contacts.facets();
  }

  @Post('search')
  @HttpCode(200)
  @Access({ roles: CONTACT_READERS, personalData: { resource: 'contact', action: 'contact.searched' } })
  @ApiOperation({
    summary: 'Find a contact by exact e-mail address (purpose required, audited); answers without identifying fields',
    description:
      'The address goes in the body, never the URL. It is compared trimmed and without regard to case through ' +
      'the blind index, so nobody is decrypted; there is no partial search. The answer lists the matching contact ' +
      '(zero or one) as in `GET /contacts`; read its name and address with `GET /contacts/{id}` and a purpose.',
  })
  @ApiOkResponse({ type: ContactMatchesDto })
  @ApiProblemResponses(400)
  async findContactByEmail(@Body() dto: FindContactByEmailDto): Promise<ContactMatchesDto> {
    const matches = await this.contacts.findByEmail(dto.email);
    return { items: matches.map(toContactSummaryDto) };
  }

  @Get(':id')
  @Access({ roles: CONTACT_READERS, personalData: { resource: 'contact', idParam: 'id' } })
  @ApiOperation({ summary: 'Read a contact with name, e-mail and registration numbers (purpose required, audited)' })
  @ApiOkResponse({ type: ContactDto })
  @ApiProblemResponses(400, 404)
  async getContact(@Param('id', uuidParam()) id: string): Promise<ContactDto> {
    const { contact, fields } = await this.contacts.get(id);
    return toContactDto(contact, fields);
  }

  @Patch(':id')
  @Access({ roles: CONTACT_READERS, personalData: { resource: 'contact', idParam: 'id' } })
  @ApiOperation({ summary: 'Rectify a contact; validated as an import row (purpose required, audited)' })
  @ApiOkResponse({ type: ContactDto })
  @ApiProblemResponses(400, 404, 409)
  async updateContact(@Param('id', uuidParam()) id: string, @Body() dto: UpdateContactDto): Promise<ContactDto> {
    const { contact, fields } = await this.contacts.update(id, dto);
    return toContactDto(contact, fields);
  }
}
