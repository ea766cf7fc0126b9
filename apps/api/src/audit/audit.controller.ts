import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { AuditEventDto, AuditEventQueryDto, AuditVerificationDto, toAuditEventDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit-events')
@Roles(StaffRole.PrivacyOfficer, StaffRole.Admin)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'List audit events, newest first, with filters' })
  @ApiPageResponse(AuditEventDto)
  @ApiProblemResponses(400)
  async listAuditEvents(@Query() query: AuditEventQueryDto): Promise<Page<AuditEventDto>> {
    const result = await this.audit.list(query, query);
    return { items: result.items.map(toAuditEventDto), meta: result.meta };
  }

  @Get('verify')
  @HeavyWork()
  @ApiOperation({ summary: 'Check the hash chain and report the first broken link' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verifyAuditChain(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}
