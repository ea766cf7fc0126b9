import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { Clock } from '../common/clock';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import { ApiKeyDto, ApiKeyQueryDto, CreateApiKeyDto, CreatedApiKeyDto, toApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Controller('api-keys')
@Roles(StaffRole.Admin)
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List API keys (never their secrets)' })
  @ApiPageResponse(ApiKeyDto)
  @ApiProblemResponses(400)
  async listApiKeys(@Query() query: ApiKeyQueryDto): Promise<Page<ApiKeyDto>> {
    const page = await this.keys.list(query);
    const now = this.clock.now();
    return { items: page.items.map((key) => toApiKeyDto(key, now)), meta: page.meta };
  }

  @Post()
  @ApiOperation({ summary: 'Create an API key for the provider; the secret is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblemResponses(400)
  async createApiKey(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, secret } = await this.keys.create(actor.userId, dto);
    return { apiKey: toApiKeyDto(key, this.clock.now()), secret };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an API key (never its secret)' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblemResponses(400, 404)
  async getApiKey(@Param('id', uuidParam()) id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.keys.get(id), this.clock.now());
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblemResponses(400, 404, 409)
  async revokeApiKey(@Param('id', uuidParam()) id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.keys.revoke(id), this.clock.now());
  }
}
