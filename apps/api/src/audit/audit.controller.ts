import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { AUDIT_ACTIONS } from './audit-actions';
import { AuditActionsDto, AuditEventDto, AuditEventQueryDto, AuditVerificationDto, toAuditEventDto } from './audit.dto';
import { UsersService } from '../users/users.service';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit-events')
@Roles(StaffRole.PrivacyOfficer, StaffRole.Admin)
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List audit events, newest first, with filters' })
  @ApiPageResponse(AuditEventDto)
  @ApiProblemResponses(400)
  async listAuditEvents(@Query() query: AuditEventQueryDto): Promise<Page<AuditEventDto>> {
    const result = await this.audit.list(query, query);
    const staffIds = result.items.flatMap((e) => (e.actorType === 'staff' && e.actorId ? [e.actorId] : []));
    const names = await this.users.displayNames(staffIds);
    return { items: result.items.map((event) => toAuditEventDto(event, names)), meta: result.meta };
  }

  @Get('actions')
  @ApiOperation({ summary: 'The actions the audit log records, for choosing a filter from a list' })
  @ApiOkResponse({ type: AuditActionsDto })
  listAuditActions(): AuditActionsDto {
    return { actions: [...AUDIT_ACTIONS] };
  }

  @Get('verify')
  @HeavyWork()
  @ApiOperation({ summary: 'Check the hash chain and report the first broken link' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verifyAuditChain(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}
