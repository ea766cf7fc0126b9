import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApiClient, type ApiClient } from '@survey/api-client';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
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
  /**
   * The typed client (`@survey/api-client`) calling this app over HTTP on 127.0.0.1, with the
   * given credential; the app starts listening on a free port at the first call.
   */
  api(credential?: TestCredential): ApiClient;
  close(): Promise<void>;
}

/** Who a test client speaks as: a staff session, a provider's API key, or a respondent's link token. */
export type TestCredential = { staff: string } | { apiKey: string } | { invitation: string };

/** Listens on a free loopback port (once) and returns the origin. */
async function originOf(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A client whose requests go to `server`, which listens only once a test sends one. */
export function clientFor(server: Server, credential?: TestCredential): ApiClient {
  const placeholder = 'http://test-app.invalid';
  return createApiClient({
    baseUrl: placeholder,
    ...(credential && 'staff' in credential ? { accessToken: () => credential.staff } : {}),
    ...(credential && 'apiKey' in credential ? { apiKey: credential.apiKey } : {}),
    ...(credential && 'invitation' in credential ? { invitationToken: () => credential.invitation } : {}),
    fetch: async (request: Request) => {
      const url = (await originOf(server)) + request.url.slice(placeholder.length);
      return fetch(new Request(url, request));
    },
  });
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

/**
 * What every test application starts from, with or without HTTP: the database migrated as
 * `npm start` would, the configuration of a test run, and a logger whose lines the test can read.
 */
export async function testAppSetup({
  databaseUrl,
  env = {},
  migrate = true,
}: Pick<TestAppOptions, 'databaseUrl' | 'env' | 'migrate'>): Promise<{
  config: AppConfig;
  log: CapturedLog;
  logger: Logger;
}> {
  if (migrate) await runMigrations(databaseUrl);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, ...env });
  const log = new CapturedLog();
  return { config, log, logger: createRootLogger('info', log) };
}

/** The real application on a real database, migrated as `npm start` would, not listening. */
export async function createTestApp({
  databaseUrl,
  env = {},
  migrate = true,
  imports,
  checkAnswers = true,
}: TestAppOptions): Promise<TestApp> {
  const { config, log, logger } = await testAppSetup({ databaseUrl, env, migrate });
  const app = await createApp({ config, logger, imports });
  await app.init();
  if (checkAnswers) watchAnswers(app.getHttpServer() as Server);
  const server = app.getHttpServer() as Server;
  return { app, config, log, api: (credential) => clientFor(server, credential), close: () => closeGracefully(app) };
}
