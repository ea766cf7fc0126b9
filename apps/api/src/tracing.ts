/**
 * Imported first by main.ts: when OTEL_EXPORTER_OTLP_ENDPOINT is set, tracing must patch http,
 * express, Nest and pg before anything requires them. Without it, nothing is loaded.
 */
import { startTracing } from './observability/tracing';

startTracing();
