import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { EventEmitter } from 'node:events';
import { Access, CurrentPrincipal, Public } from '../../src/auth/access.decorator';
import { ApiKeyScope, StaffRole } from '../../src/auth/roles';
import type { Principal } from '../../src/common/request-context';

class ProbeAnswer {
  @IsIn(['q1', 'q2'])
  questionId: string;

  @IsInt()
  @Min(0)
  @Max(10)
  score: number;
}

class ProbeBody {
  @IsEmail()
  email: string;

  @IsOptional()
  @IsInt()
  @Type(() => Number)
  count?: number;

  @ValidateNested({ each: true })
  @Type(() => ProbeAnswer)
  answers: ProbeAnswer[];
}

/** Emits 'slow-started' when a request reaches the slow route, so tests wait for that, not a time. */
export const probeEvents = new EventEmitter();

/**
 * Routes that exist only in tests, to exercise what every real route gets: validation, the
 * error format, deny-by-default access and logging of failures.
 */
@Controller('probe')
class ProbeController {
  @Post('echo')
  @Public()
  echo(@Body() body: ProbeBody): { received: ProbeBody; countType: string } {
    return { received: body, countType: typeof body.count };
  }

  @Get('crash')
  @Public()
  crash(): never {
    throw new Error('database said: duplicate key for amelie.durand@example.fr');
  }

  @Get('slow')
  @Public()
  async slow(): Promise<{ done: true }> {
    probeEvents.emit('slow-started');
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { done: true };
  }

  @Get('undeclared')
  undeclared(): string {
    return 'should never be reached';
  }
}

/** Stand-ins for the provider and personal-data routes later issues add, to test access rules on. */
@Controller('probe/surveys/:id')
class ProbeSurveyController {
  @Get('responses')
  @Access({ apiKey: { scope: ApiKeyScope.ResponsesRead, surveyParam: 'id' } })
  readResponses(@Param('id') id: string, @CurrentPrincipal() caller: Principal): { surveyId: string; caller: string } {
    return { surveyId: id, caller: caller.kind };
  }

  @Post('responses')
  @Access({ apiKey: { scope: ApiKeyScope.ResponsesWrite, surveyParam: 'id' } })
  writeResponses(@Param('id') id: string): { surveyId: string } {
    return { surveyId: id };
  }

  @Get('statistics')
  @Access({ roles: [StaffRole.Analyst], apiKey: { scope: ApiKeyScope.StatisticsRead, surveyParam: 'id' } })
  readStatistics(@Param('id') id: string, @CurrentPrincipal() caller: Principal): { surveyId: string; caller: string } {
    return { surveyId: id, caller: caller.kind };
  }
}

@Controller('probe/contacts')
class ProbeContactsController {
  /** Audited as `contact.read` by the personal-data interceptor, not by the handler. */
  @Get(':id')
  @Access({
    roles: [StaffRole.Analyst, StaffRole.PrivacyOfficer],
    personalData: { resource: 'contact', idParam: 'id' },
  })
  readContact(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ProbeController, ProbeSurveyController, ProbeContactsController] })
export class ProbeModule {}
