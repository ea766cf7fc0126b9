import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { closeGracefully, createApp, CreateAppOptions } from '../../src/app.factory';
import { createRootLogger } from '../../src/common/logger';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { runMigrations } from '../../src/database/data-source';
import { watchAnswers } from './openapi-answers';

/** Every line the app logged, parsed, so tests can assert on what is (not) written. */
export class CapturedLog extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
  get text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n');
  }
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  log: CapturedLog;
  close(): Promise<void>;
}

export interface TestAppOptions {
  databaseUrl: string;
  env?: NodeJS.ProcessEnv;
  migrate?: boolean;
  /** Test-only modules (controllers that exercise cross-cutting behaviour). */
  imports?: CreateAppOptions['imports'];
  /**
   * Check every answer against openapi/openapi.json and fail the running test on a drift
   * (default). Only a test that breaks the server on purpose may turn it off.
   */
  checkAnswers?: boolean;
}

/** The real application on a real database, migrated as `npm start` would, not listening. */
export async function createTestApp({
  databaseUrl,
  env = {},
  migrate = true,
  imports,
  checkAnswers = true,
}: TestAppOptions): Promise<TestApp> {
  if (migrate) await runMigrations(databaseUrl);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, ...env });
  const log = new CapturedLog();
  const logger = createRootLogger('info', log);
  const app = await createApp({ config, logger, imports });
  await app.init();
  if (checkAnswers) watchAnswers(app.getHttpServer() as Server);
  return { app, config, log, close: () => closeGracefully(app) };
}
