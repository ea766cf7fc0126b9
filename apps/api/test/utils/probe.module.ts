import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Public } from '../../src/auth/access.decorator';

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
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { done: true };
  }

  @Get('undeclared')
  undeclared(): string {
    return 'should never be reached';
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
