import {
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PoolStats } from '../database/pool-stats';
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
    private readonly poolStats: PoolStats,
  ) {
    this.logger = rootLogger.child({ component: 'metrics' });
  }

  onModuleInit(): void {
    this.poolStats.instrument(this.metrics);
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
