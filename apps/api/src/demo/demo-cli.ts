import 'reflect-metadata';
import { closeGracefully, createApp } from '../app.factory';
import { createRootLogger } from '../common/logger';
import { loadConfig } from '../config/app-config';
import { ConfigError } from '../config/environment';
import { runMigrations } from '../database/data-source';
import { RunningPostgres, startEmbeddedPostgres } from '../database/embedded-postgres';
import { UsersService } from '../users/users.service';
import { describeDemo, isEmptyForDemo, loadDemoData } from './demo-data';

/**
 * `npm run demo`: loads the demo data into the configured database (DATABASE_URL, or the
 * embedded one under DATA_DIR) when it holds no survey and no contact yet.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig({ ...process.env, MAIL_POLL_INTERVAL_MS: '0' });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  const logger = createRootLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let postgres: RunningPostgres | undefined;
  try {
    if (config.databaseUrl === null) {
      postgres = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        database: 'survey',
        logger: logger.child({ component: 'embedded-postgres' }),
      });
      config = { ...config, databaseUrl: postgres.url };
    }
    await runMigrations(config.databaseUrl!);
    const app = await createApp({ config, logger });
    await app.init();
    try {
      await app.get(UsersService).ensureFirstAdministrator();
      if (!(await isEmptyForDemo(app))) {
        process.stdout.write('The database already holds surveys or contacts; demo data was not loaded.\n');
        return 0;
      }
      const summary = await loadDemoData(app);
      process.stdout.write(['Demo data loaded.', ...describeDemo(summary), ''].join('\n'));
      return 0;
    } finally {
      await closeGracefully(app);
    }
  } finally {
    await postgres?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Demo data could not be loaded: ${error.message}\n`);
    process.exit(1);
  },
);
