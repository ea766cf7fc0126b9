import { ApiProperty } from '@nestjs/swagger';
import type { FailedJobRow } from './jobs.repository';

/** A job that used all its attempts: what it was, how often it ran, why it last failed. Never its payload. */
export class FailedJobDto {
  /** The queue's id of the job (a positive integer, as a string). */
  @ApiProperty({ example: '1234' })
  id: string;

  /** The kind of work, e.g. `contacts.import`, `retention.run`. */
  @ApiProperty({ example: 'retention.run' })
  task: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty()
  maxAttempts: number;

  /** The last failure: a fixed phrase or an error's name and code, never a personal value. */
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** When it last failed. */
  @ApiProperty({ format: 'date-time' })
  failedAt: string;
}

export function toFailedJobDto(row: FailedJobRow): FailedJobDto {
  return {
    id: row.id,
    task: row.task_identifier,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    failedAt: row.updated_at.toISOString(),
  };
}
