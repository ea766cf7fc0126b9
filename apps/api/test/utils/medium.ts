import type { Abstract, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule, type AppModuleOptions } from '../../src/app.module';
import { Clock, FixedClock } from '../../src/common/clock';
import { PinoNestLogger } from '../../src/common/logger';
import { ProblemException, ValidationProblemException } from '../../src/common/problem';
import type { AppConfig } from '../../src/config/app-config';
import { CapturedLog, testAppSetup } from './app';
import { createTestDatabase, type TestDatabase } from './database';

/**
 * The real application's services on a fresh, migrated database of their own, without HTTP: for
 * service-level ("medium") tests of rules that need no route. Time is a FixedClock the test moves.
 */
export interface MediumTest {
  /** A provider of the application (a service, the clock, the config…), as the app itself resolves it. */
  get<T>(token: Type<T> | Abstract<T>): T;
  /** The application's clock: it stands still at `now` until the test sets or advances it. */
  clock: FixedClock;
  config: AppConfig;
  log: CapturedLog;
  db: TestDatabase;
  /** Reads stored state directly (what a purge left, what is encrypted at rest): for assertions, not for set-up. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops background work, closes the pool, drops the database and removes the data directory. */
  close(): Promise<void>;
}

export interface MediumTestOptions {
  /** Where the clock stands at start (default: the real time at creation). */
  now?: Date;
  env?: NodeJS.ProcessEnv;
  /** Test-only modules, as for createTestApp (a retention target that fails on purpose, say). */
  imports?: AppModuleOptions['imports'];
  /**
   * Another replica: run on the database of this medium test (already migrated) instead of a new
   * one; closing it leaves the database to its owner.
   */
  replicaOf?: MediumTest;
}

export async function createMediumTest({
  now = new Date(),
  env = {},
  imports,
  replicaOf,
}: MediumTestOptions = {}): Promise<MediumTest> {
  const db = replicaOf?.db ?? (await createTestDatabase());
  const ownsDatabase = !replicaOf;
  const dataDir = mkdtempSync(join(tmpdir(), 'medium-test-'));
  const dropDatabase = () => (ownsDatabase ? db.drop() : Promise.resolve());
  let context: TestingModule | undefined;
  try {
    const { config, log, logger } = await testAppSetup({
      databaseUrl: db.url,
      env: { DATA_DIR: dataDir, ...env },
      migrate: ownsDatabase,
    });
    const clock = new FixedClock(now);
    context = await Test.createTestingModule({ imports: [AppModule.forRoot({ config, logger, imports })] })
      .overrideProvider(Clock)
      .useValue(clock)
      .setLogger(new PinoNestLogger(logger.child({ component: 'nest' })))
      .compile();
    await context.init();
    const ready = context;
    const dataSource = ready.get(DataSource);
    return {
      get: <T>(token: Type<T> | Abstract<T>) => ready.get(token, { strict: false }),
      clock,
      config,
      log,
      db,
      query: <T>(sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<T[]>,
      close: async () => {
        try {
          await ready.close();
        } finally {
          await dropDatabase();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** What a service's refusal would answer over HTTP: its status, problem type, detail and the fields it names. */
export interface Refusal {
  status: number;
  type: string | undefined;
  detail: string;
  fields: string[];
  extensions: Record<string, unknown> | undefined;
}

/** The refusal `work` ends with; fails the test if it succeeds or throws anything but an HTTP problem. */
export async function refusalOf(work: Promise<unknown>): Promise<Refusal> {
  let outcome: unknown;
  try {
    outcome = await work;
  } catch (error) {
    if (error instanceof ValidationProblemException) {
      return {
        status: 400,
        type: undefined,
        detail: String(error.message),
        fields: [...new Set(error.fieldErrors.map((e) => e.field))],
        extensions: undefined,
      };
    }
    if (error instanceof ProblemException) {
      return {
        status: error.getStatus(),
        type: error.problemOptions.type,
        detail: error.detail,
        fields: [...new Set((error.problemOptions.errors ?? []).map((e) => e.field))],
        extensions: error.problemOptions.extensions,
      };
    }
    throw error;
  }
  throw new Error(`Expected a refusal, got ${JSON.stringify(outcome)?.slice(0, 300)}`);
}
