// First: tracing (when configured) must patch http, express, Nest and pg before they load.
import './tracing';
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { closeGracefully, createApp } from './app.factory';
import { createRootLogger } from './common/logger';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigError } from './config/environment';
import { runMigrations } from './database/data-source';
import { RunningPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { describeDemo, DemoSummary, isEmptyForDemo, loadDemoData } from './demo/demo-data';
import { stopTracing } from './observability/tracing';
import { firstSignInBlock } from './users/first-sign-in';
import { FirstAdministrator, UsersService } from './users/users.service';
import type { Server } from 'node:http';
import { HealthService } from './health/health.service';
import { startWorkerHealth } from './health/worker-health';
import { JobQueue } from './jobs/job-queue';

function describeSecrets(config: AppConfig, logger: Logger): void {
  if (config.secrets.source === 'generated-persisted') {
    logger.warn(
      { file: `${config.dataDir}/secrets.json` },
      'Using development keys generated and kept in the data directory. Set MASTER_KEY, BLIND_INDEX_KEY ' +
        'and JWT_SECRET (and NODE_ENV=production) for a real deployment.',
    );
  }
}

function describeFirstAdministrator(admin: FirstAdministrator | null): string[] {
  if (!admin) return ['  Staff login:             with your staff account (administrators manage accounts)'];
  if (!admin.generatedPassword) {
    return [`  First administrator:     ${admin.email}, password from INITIAL_ADMIN_PASSWORD`];
  }
  return [`  First administrator:     ${admin.email}, generated password in the block below`];
}

function describeMetrics(config: AppConfig): string {
  const { metrics } = config.observability;
  if (!metrics.enabled) return 'off (METRICS_PORT or METRICS_TOKEN turns them on)';
  const where = metrics.port === null ? `port ${config.port}` : `port ${metrics.port}`;
  return `/metrics on ${where}${metrics.token ? ', with the bearer token METRICS_TOKEN' : ''}`;
}

function printUrls(
  config: AppConfig,
  embedded: boolean,
  admin: FirstAdministrator | null,
  demo: DemoSummary | null,
): void {
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    'Survey platform is running',
    `  Analyst app (staff):     ${base}/`,
    `  Respondent app:          ${base}/r/`,
    `  API:                     ${base}/api/v1`,
    `  Swagger UI:              ${config.swaggerUi ? `${base}/api/docs` : 'off (SWAGGER_UI=false)'}`,
    `  OpenAPI JSON:            ${base}/api/docs-json`,
    `  Health:                  ${base}/health/live, ${base}/health/ready`,
    `  Role:                    ${config.jobs.role === 'all' ? 'API and background jobs (ROLE=all)' : 'API only (ROLE=api); jobs run in ROLE=worker processes'}`,
    `  Database:                ${embedded ? `embedded PostgreSQL, data in ${config.dataDir}/postgres` : 'DATABASE_URL'}`,
    `  Metrics:                 ${describeMetrics(config)}`,
    `  Tracing:                 ${config.observability.otlpEndpoint ? 'OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT' : 'off'}`,
    `  Mail:                    ${config.mail.smtpUrl ? 'sent through SMTP_URL' : `written as .eml files to ${config.mail.outboxDir}`}`,
    ...describeFirstAdministrator(admin),
    ...(demo ? describeDemo(demo, { withLogins: false }) : []),
    '',
    ...firstSignInBlock(admin, demo?.logins ?? [], `${base}/`),
  ];
  // Plain text, not a log line: written once, by this start, and never through the logger.
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nThe API did not start. See README.md, section Configuration.\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createRootLogger(config.logLevel);
  describeSecrets(config, logger);

  let postgres: RunningPostgres | undefined;
  let app: NestExpressApplication | undefined;
  let workerHealth: Server | undefined;
  let shuttingDown = false;

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      if (app && workerHealth) {
        // A worker: readiness 503, the probe listener closes, running jobs stop at a safe point.
        app.get(HealthService).beginDraining();
        workerHealth.closeAllConnections();
        await new Promise((resolve) => workerHealth!.close(resolve));
        await app.close();
      } else if (app) {
        await closeGracefully(app, {
          // Half the budget for requests in flight; the rest for background work and the pool.
          drainTimeoutMs: config.shutdownTimeoutMs / 2,
          onCut: (connections) => logger.warn({ connections }, 'requests still running at the drain deadline were cut'),
        });
      }
      await postgres?.stop();
      await stopTracing().catch(() => undefined);
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: { message: (error as Error).message } }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    if (config.databaseUrl === null) {
      logger.info({ port: config.embeddedPostgresPort }, 'no DATABASE_URL: starting the embedded PostgreSQL');
      postgres = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        database: 'survey',
        logger: logger.child({ component: 'embedded-postgres' }),
      });
      config = { ...config, databaseUrl: postgres.url };
    }
    const applied = await runMigrations(config.databaseUrl!);
    logger.info({ applied }, applied.length ? 'database migrated' : 'database schema up to date');
    if (shuttingDown) return;
    app = await createApp({ config, logger });
    if (!config.jobs.servesApi) {
      await app.init();
      workerHealth = await startWorkerHealth(app.get(HealthService), app.get(JobQueue), config);
      logger.info({ port: config.port, concurrency: config.jobs.concurrency }, 'worker running jobs (ROLE=worker)');
      return;
    }
    // Start-up hooks now (the job runners among them): the demo data below waits for its jobs.
    await app.init();
    const admin = await app.get(UsersService).ensureFirstAdministrator();
    if (admin) logger.info({ passwordGenerated: Boolean(admin.generatedPassword) }, 'first administrator created');
    // Demo data only ever goes into an empty embedded database (never with DATABASE_URL).
    let demo: DemoSummary | null = null;
    // It is made by jobs, so only a process that runs them (ROLE=all, the default) loads it.
    if (config.demo && postgres && config.jobs.runsJobs && (await isEmptyForDemo(app))) {
      logger.info('empty embedded database: loading demo data (DEMO=0 turns this off)');
      demo = await loadDemoData(app);
    }
    await app.listen(config.port, config.host);
    printUrls(config, postgres !== undefined, admin, demo);
  } catch (error) {
    logger.fatal({ err: { type: (error as Error).name, message: (error as Error).message } }, 'start-up failed');
    process.stderr.write(`\nThe API did not start: ${(error as Error).message}\n`);
    await app?.close().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
