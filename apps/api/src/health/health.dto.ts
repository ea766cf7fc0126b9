import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ example: 'ok', enum: ['ok'] })
  status: 'ok';

  /** Server time, from the application clock. */
  @ApiProperty({ example: '2026-11-27T10:00:00.000Z', format: 'date-time' })
  time: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'] })
  database: 'up' | 'down';
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}
