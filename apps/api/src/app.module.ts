import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Transactions } from './database/transactions';
import type { Logger } from 'pino';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BrandingModule } from './branding/branding.module';
import { ContactsModule } from './contacts/contacts.module';
import { CryptoModule } from './crypto/crypto.module';
import { Bulkhead } from './common/bulkhead';
import { Clock, SystemClock } from './common/clock';
import { bulkheadFromConfig, HeavyWorkInterceptor } from './common/heavy-work';
import { ROOT_LOGGER } from './common/logger';
import { RateLimitsRepository } from './common/rate-limits.repository';
import { ProblemDetailsFilter } from './common/problem.filter';
import { UnknownQueryParametersInterceptor } from './common/query-params';
import { createValidationPipe } from './common/validation';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { PoolStats } from './database/pool-stats';
import { READ_DATA_SOURCE, ReadDatabase, readDataSourceOptions } from './database/read-database';
import { ObservabilityModule } from './observability/observability.module';
import { DeliveryModule } from './delivery/delivery.module';
import { HealthModule } from './health/health.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { ExportsModule } from './exports/exports.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { PrivacyNoticeModule } from './privacy-notice/privacy-notice.module';
import { PrivacyRequestsModule } from './privacy-requests/privacy-requests.module';
import { RetentionRegistryModule } from './retention/retention-registry';
import { StatisticsModule } from './statistics/statistics.module';
import { RetentionModule } from './retention/retention.module';
import { SurveysModule } from './surveys/surveys.module';
import { UsersModule } from './users/users.module';

export { ROOT_LOGGER };

export interface AppModuleOptions {
  config: AppConfig;
  logger: Logger;
  /**
   * Build the module graph without connecting to the database (OpenAPI generation). The
   * DataSource exists but is never initialised.
   */
  withoutDatabase?: boolean;
  /** More modules, for tests that need a route exercising cross-cutting behaviour. */
  imports?: Array<Type | DynamicModule>;
}

@Module({})
export class AppModule {
  static forRoot({ config, logger, withoutDatabase = false, imports = [] }: AppModuleOptions): DynamicModule {
    const databaseUrl = config.databaseUrl ?? 'postgres://unused@127.0.0.1/unused';
    const readUrl = config.observability.databaseReadUrl;
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, config.dbPoolSize, config.dbPreparedStatements),
          manualInitialization: withoutDatabase,
        }),
        ...(readUrl
          ? [
              TypeOrmModule.forRoot({
                ...readDataSourceOptions(readUrl, config.dbPoolSize),
                name: READ_DATA_SOURCE,
                manualInitialization: withoutDatabase,
              }),
            ]
          : []),
        ObservabilityModule,
        HealthModule,
        AuditModule,
        JobsModule,
        CryptoModule,
        RetentionRegistryModule,
        AuthModule,
        UsersModule,
        ApiKeysModule,
        ContactsModule,
        MailModule,
        SurveysModule,
        BrandingModule,
        IngestionModule,
        PrivacyNoticeModule,
        DeliveryModule,
        StatisticsModule,
        ExportsModule,
        WebhooksModule,
        PrivacyRequestsModule,
        RetentionModule,
        ...imports,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: Clock, useClass: SystemClock },
        { provide: Bulkhead, useValue: bulkheadFromConfig(config) },
        Transactions,
        ReadDatabase,
        PoolStats,
        RateLimitsRepository,
        { provide: APP_INTERCEPTOR, useClass: HeavyWorkInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: UnknownQueryParametersInterceptor },
        { provide: APP_FILTER, useFactory: (root: Logger) => new ProblemDetailsFilter(root), inject: [ROOT_LOGGER] },
      ],
      exports: [APP_CONFIG, ROOT_LOGGER, Clock, Bulkhead, Transactions, ReadDatabase, PoolStats, RateLimitsRepository],
    };
  }
}
