import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Node's own figures (CPU, memory, event-loop lag, GC) are the process's: one registry per
 * process, however many applications it builds (tests build several).
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

type Metric = Counter<string> | Gauge<string> | Histogram<string>;

/**
 * The application's Prometheus registry. Any module may register a counter, gauge or histogram
 * here (asking twice for one name returns the same metric). Label values must be bounded and
 * never personal: route templates, task names, target kinds, outcomes; never ids, addresses,
 * tokens or free text.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly metrics = new Map<string, Metric>();

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.once(name, () => new Counter<L>({ name, help, labelNames, registers: [this.registry] }));
  }

  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: (gauge: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    return this.once(
      name,
      () =>
        new Gauge<L>({
          name,
          help,
          labelNames,
          registers: [this.registry],
          ...(collect
            ? {
                collect: function (this: Gauge<L>) {
                  return collect(this);
                },
              }
            : {}),
        }),
    );
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets?: number[],
  ): Histogram<L> {
    return this.once(
      name,
      () => new Histogram<L>({ name, help, labelNames, registers: [this.registry], ...(buckets ? { buckets } : {}) }),
    );
  }

  /** The text exposition of the application's and the process's metrics. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    const [own, node] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, text: `${own}\n${node}` };
  }

  private once<T extends Metric>(name: string, make: () => T): T {
    const existing = this.metrics.get(name);
    if (existing) return existing as T;
    const made = make();
    this.metrics.set(name, made);
    return made;
  }
}
