import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs a hot statement as a named prepared statement: PostgreSQL parses and plans it once per
 * connection, and later calls send only the parameters. Inside a transaction it runs on the
 * transaction's connection; otherwise on any pooled one. Each name must always carry the same
 * text (the driver refuses a name reused with another statement).
 */
export async function preparedQuery<T extends QueryResultRow>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (runner && !runner.isReleased) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<T>({ name, text, values })).rows;
  }
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  return (await pool.query<T>({ name, text, values })).rows;
}
