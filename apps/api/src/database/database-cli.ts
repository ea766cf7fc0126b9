import type { Logger } from 'pino';
import { createRootLogger } from '../common/logger';
import { loadConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * Runs `work` against DATABASE_URL, or against the embedded PostgreSQL that `npm start` uses
 * (started for the occasion and stopped afterwards).
 */
export async function withDatabase(work: (url: string, logger: Logger) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config.logLevel);
  if (config.databaseUrl !== null) {
    await work(config.databaseUrl, logger);
    return;
  }
  const postgres = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    database: 'survey',
    logger: logger.child({ component: 'embedded-postgres' }),
  });
  try {
    await work(postgres.url, logger);
  } finally {
    await postgres.stop();
  }
}

export function runCli(work: () => Promise<void>): void {
  work().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
