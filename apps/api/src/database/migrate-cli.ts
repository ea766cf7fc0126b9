import 'reflect-metadata';
import { runMigrations } from './data-source';
import { runCli, withDatabase } from './database-cli';

/** `npm run migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
runCli(() =>
  withDatabase(async (url, logger) => {
    const applied = await runMigrations(url);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'schema already up to date');
  }),
);
