import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Roles } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  ContactDto,
  ContactQueryDto,
  ContactSummaryDto,
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
