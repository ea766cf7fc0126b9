import {
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { instrumentPool, poolOf } from '../database/pool-metrics';
import { READ_DATA_SOURCE } from '../database/read-database';
import { JobQueueMetrics } from './job-queue-metrics';
import { JobQueueMetricsRepository } from './job-queue-metrics.repository';
import { metricsPortHandler } from './metrics-endpoint';
import { MetricsService } from './metrics.service';

/** Times the database pools, and serves /metrics on METRICS_PORT when one is configured. */
@Injectable()
export class MetricsRuntime implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private server: Server | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
    @InjectDataSource() private readonly primary: DataSource,
    @Optional() @InjectDataSource(READ_DATA_SOURCE) private readonly read?: DataSource,
  ) {
    this.logger = rootLogger.child({ component: 'metrics' });
  }

  onModuleInit(): void {
    for (const [name, dataSource] of [
      ['primary', this.primary],
      ['read', this.read],
    ] as const) {
      const pool = dataSource?.isInitialized ? poolOf(dataSource) : null;
      if (pool) instrumentPool(this.metrics, name, pool);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port } = this.config.observability.metrics;
    if (port === null) return;
    const server = createServer(metricsPortHandler(this.metrics, this.config.observability.metrics));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.info({ host: this.config.host, port }, 'metrics served on their own port');
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Metrics for every module: MetricsService is global, so modules register their own counters. */
@Global()
@Module({
  providers: [MetricsService, MetricsRuntime, JobQueueMetricsRepository, JobQueueMetrics],
  exports: [MetricsService],
})
export class ObservabilityModule {}
