import type { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE or DELETE … RETURNING and gives its rows. TypeORM's PostgreSQL driver answers
 * those two commands with `[rows, affectedCount]` rather than the rows alone.
 */
export async function returning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
