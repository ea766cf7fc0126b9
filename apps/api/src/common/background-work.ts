import { traceJob } from '../observability/job-tracing';

/**
 * Work a request starts and does not wait for (an import, a campaign), tracked by id so that
 * callers can wait for it and a shutdown can let it stop at its next safe point.
 */
export class BackgroundWork {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  /** True once shutdown began: long work checks it between batches and stops there. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Starts `work` under `id` unless work of that id is running already (it checks `stopping` itself). */
  start(id: string, work: () => Promise<void>): void {
    if (this.running.has(id)) return;
    // Traced as a job of its own (the id is not named: it identifies a record).
    const run = traceJob('background-work', work).finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  /** Resolves when the work of this id (if any) has finished. */
  async settled(id: string): Promise<void> {
    await this.running.get(id);
  }

  /** Asks all work to stop and waits until it has. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.running.values());
  }
}
