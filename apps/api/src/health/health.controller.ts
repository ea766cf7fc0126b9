import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '../common/clock';
import { notReady } from '../common/errors';
import { ApiProblemResponses } from '../common/problem';
import { Public } from '../auth/access.decorator';
import { LivenessDto, ReadinessDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly clock: Clock,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  getLiveness(): LivenessDto {
    return { status: 'ok', time: this.clock.now().toISOString() };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers; take the instance out of rotation otherwise' })
  @ApiProblemResponses(503)
  async getReadiness(): Promise<ReadinessDto> {
    if (this.health.draining) throw notReady('The server is shutting down.');
    if (!(await this.health.isDatabaseUp())) {
      throw notReady('The database is not reachable.');
    }
    return { status: 'ok', checks: { database: 'up' } };
  }
}
