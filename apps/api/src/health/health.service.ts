import { Injectable } from '@nestjs/common';
import { HealthRepository } from './health.repository';

const READY_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private drainingSince: Date | null = null;

  constructor(private readonly database: HealthRepository) {}

  /** Shutdown began: readiness answers 503 from now on, so load balancers stop sending traffic. */
  beginDraining(): void {
    this.drainingSince ??= new Date();
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** True when the database answers a trivial query within the time a load balancer waits. */
  async isDatabaseUp(): Promise<boolean> {
    if (!this.database.connected) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    });
    const query = this.database.ping().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
