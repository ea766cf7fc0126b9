import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs a hot statement as a named prepared statement: PostgreSQL parses and plans it once per
 * connection, and later calls send only the parameters. Inside a transaction it runs on the
 * transaction's connection; otherwise on any pooled one. Each name must always carry the same
 * text (the driver refuses a name reused with another statement).
 *
 * With DB_PREPARED_STATEMENTS=false the same statement goes unnamed (parsed at each call): a
 * pooler in transaction mode that does not track prepared statements (PgBouncer before 1.21, or
 * without max_prepared_statements) would hand the next call a server connection that never saw
 * the name, or one where another client already used it.
 */
export async function preparedQuery<T extends QueryResultRow>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const extra = manager.connection.options.extra as { preparedStatements?: boolean } | undefined;
  const query = extra?.preparedStatements === false ? { text, values } : { name, text, values };
  const runner = manager.queryRunner;
  if (runner && !runner.isReleased) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<T>(query)).rows;
  }
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  return (await pool.query<T>(query)).rows;
}
