import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';

/** The API's tracer; a no-op until tracing.ts starts the SDK (and for good when it does not). */
const tracer = trace.getTracer('survey-api');

/**
 * Runs one background job inside a span `job <task>`, so its database statements are traced
 * under it. Only the task's name (from the code) and counters go on the span: never the job's
 * payload or ids.
 */
export function traceJob<T>(task: string, work: () => Promise<T>, attributes: Attributes = {}): Promise<T> {
  return tracer.startActiveSpan(
    `job ${task}`,
    { kind: SpanKind.CONSUMER, attributes: { 'job.task': task, ...attributes } },
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** What graphile-worker passes a task: its payload and helpers naming the job's attempt. */
interface TaskHelpers {
  job: { attempts: number; max_attempts: number };
}
type Task<P, H extends TaskHelpers> = (payload: P, helpers: H) => Promise<unknown> | void;

/**
 * A graphile-worker task list whose every task runs inside `traceJob` (the queue's worker uses
 * it so jobs are traced like requests).
 */
export function tracedTaskList<P, H extends TaskHelpers>(list: Record<string, Task<P, H>>): Record<string, Task<P, H>> {
  return Object.fromEntries(
    Object.entries(list).map(([name, task]) => [
      name,
      (payload: P, helpers: H) =>
        traceJob(name, async () => task(payload, helpers), {
          'job.attempt': helpers.job.attempts,
          'job.max_attempts': helpers.job.max_attempts,
        }),
    ]),
  );
}
