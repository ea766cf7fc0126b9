import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootLogger } from '../src/common/logger';
import { startEmbeddedPostgres, RunningPostgres } from '../src/database/embedded-postgres';
import { freePort } from './utils/ports';

declare global {
  var __TEST_POSTGRES__: { server?: RunningPostgres; dataDir?: string } | undefined;
}

/**
 * Provides one PostgreSQL server for the whole run: TEST_DATABASE_URL when set (any database on
 * it that the user may create databases from), otherwise an embedded one in a temporary folder.
 * Test files create their own databases on it (see utils/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.SURVEY_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'survey-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'postgres',
    logger: createRootLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'warn'),
  });
  globalThis.__TEST_POSTGRES__ = { server, dataDir };
  process.env.SURVEY_TEST_ADMIN_URL = server.url;
}
