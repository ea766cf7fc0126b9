import type { IncomingMessage } from 'node:http';

/** What startTracing started, to flush and stop at shutdown. */
export interface Tracing {
  shutdown(): Promise<void>;
}

let started: Tracing | null = null;

function endpointOf(env: NodeJS.ProcessEnv): string | null {
  const value = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    // Anything else is refused by the configuration check, which stops the start-up.
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

/** Probes are asked every few seconds and say nothing worth a trace. */
function isProbe(req: IncomingMessage): boolean {
  return req.url === '/health/live' || req.url === '/health/ready' || req.url === '/metrics';
}

/**
 * Starts OpenTelemetry tracing of HTTP, Express, Nest and PostgreSQL, exported over OTLP/HTTP
 * (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT, when that variable is set; otherwise loads nothing.
 * Must run before express, @nestjs/core and pg are first required (see tracing.ts, which
 * main.ts imports first). Every span leaves through the ScrubbingSpanExporter: route templates,
 * SQL without values, no URLs, client addresses or messages.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (started) return started;
  const endpoint = endpointOf(env);
  if (endpoint === null) return null;
  // Required here, not imported above, so that nothing of the SDK is loaded when tracing is off.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider, BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { NestInstrumentation } =
    require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { ScrubbingSpanExporter } = require('./span-scrubber') as typeof import('./span-scrubber');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'survey-api' }),
    spanProcessors: [
      new BatchSpanProcessor(new ScrubbingSpanExporter(exporter as never), {
        scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || 5000,
      }),
    ],
  });
  provider.register();
  // Each instrumentation patches its module from construction on (they are enabled by default).
  const instrumentations = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: isProbe,
      // The API makes no HTTP requests of its own; the exporter's own must not be traced.
      disableOutgoingRequestInstrumentation: true,
      headersToSpanAttributes: { server: { requestHeaders: [], responseHeaders: [] } },
    }),
    new ExpressInstrumentation(),
    new NestInstrumentation(),
    // Statements with their $n placeholders; never their values (enhancedDatabaseReporting).
    new PgInstrumentation({
      enhancedDatabaseReporting: false,
      requireParentSpan: true,
      addSqlCommenterCommentToQueries: false,
    }),
  ];
  started = {
    shutdown: async () => {
      for (const instrumentation of instrumentations) instrumentation.disable();
      await provider.shutdown();
      started = null;
    },
  };
  return started;
}

/** Flushes and stops tracing, if it was started. */
export async function stopTracing(): Promise<void> {
  await started?.shutdown();
}
