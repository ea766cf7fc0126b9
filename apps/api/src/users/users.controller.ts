import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { uuidParam } from '../common/validation';
import {
  CreateStaffUserDto,
  SetStaffPasswordDto,
  StaffUserDto,
  StaffUserQueryDto,
  toStaffUserDto,
  UpdateStaffUserDto,
} from './users.dto';
import { UsersService } from './users.service';

const uuid = uuidParam('id');

@ApiTags('users')
@Controller('users')
@Roles(StaffRole.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List staff users' })
  @ApiPageResponse(StaffUserDto)
  @ApiProblemResponses(400)
  async listUsers(@Query() query: StaffUserQueryDto): Promise<Page<StaffUserDto>> {
    const page = await this.users.list(query);
    return { items: page.items.map(toStaffUserDto), meta: page.meta };
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff user' })
  @ApiCreatedResponse({ type: StaffUserDto })
  @ApiProblemResponses(400, 409)
  async createUser(@Body() dto: CreateStaffUserDto): Promise<StaffUserDto> {
    return toStaffUserDto(await this.users.create(dto));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a staff user' })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiProblemResponses(400, 404)
  async getUser(@Param('id', uuid) id: string): Promise<StaffUserDto> {
    return toStaffUserDto(await this.users.getById(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, change the role of, deactivate or reactivate a staff user' })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiProblemResponses(400, 404, 409)
  async updateUser(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() dto: UpdateStaffUserDto,
  ): Promise<StaffUserDto> {
    return toStaffUserDto(await this.users.update(actor.userId, id, dto));
  }

  @Post(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: "Set a staff user's password; their sessions end" })
  @ApiNoContentResponse({ description: 'Password set' })
  @ApiProblemResponses(400, 404)
  async setUserPassword(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() dto: SetStaffPasswordDto,
  ): Promise<void> {
    await this.users.setPassword(actor.userId, id, dto.password);
  }

  @Post(':id/mfa-reset')
  @HttpCode(200)
  @ApiOperation({ summary: "Remove a staff user's second factor (lost device); their sessions end" })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiProblemResponses(400, 404)
  async resetUserMfa(@Param('id', uuid) id: string): Promise<StaffUserDto> {
    return toStaffUserDto(await this.users.resetMfa(id));
  }
}
