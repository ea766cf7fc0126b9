import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';

/**
 * Attributes a span may carry out of the process. Everything else is dropped: request URLs and
 * query strings (they may hold ids and, if a client misbehaves, tokens), client addresses and
 * user agents (personal), SQL parameter values, exception messages (drivers quote input in them).
 */
const KEPT = new Set([
  // HTTP, by route template only
  'http.method',
  'http.request.method',
  'http.status_code',
  'http.response.status_code',
  'http.route',
  'http.scheme',
  'url.scheme',
  'http.flavor',
  'network.protocol.name',
  'network.protocol.version',
  'net.transport',
  'network.transport',
  'net.host.port',
  'server.port',
  'http.request_content_length',
  'http.response_content_length',
  'http.request.body.size',
  'http.response.body.size',
  // Express and Nest
  'express.name',
  'express.type',
  'nestjs.type',
  'nestjs.version',
  'nestjs.module',
  'nestjs.controller',
  'nestjs.callback',
  'component',
  // PostgreSQL: the statement's text with its placeholders, never its values
  'db.system',
  'db.system.name',
  'db.name',
  'db.namespace',
  'db.user',
  'db.operation',
  'db.operation.name',
  'db.statement',
  'db.query.text',
  'net.peer.name',
  'net.peer.port',
  'server.address',
  // Jobs (observability/job-tracing.ts)
  'job.task',
  'job.attempt',
  'job.max_attempts',
  'error.type',
  'exception.type',
]);

/** Replaced by the route template when the span has one. */
const PATH_ATTRIBUTES = ['http.target', 'url.path'];

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const EMAIL = /[^\s@'"/<>]+@[^\s@'"/<>]+\.[^\s@'"/<>]+/g;
/** Opaque tokens (base64url, hex): long, and mixing letters and digits, unlike SQL or route names. */
const TOKEN = /[A-Za-z0-9_-]{20,}/g;
const SQL_STRING = /'(?:[^']|'')*'/g;

function looksLikeToken(word: string): boolean {
  return /\d/.test(word) && /[A-Za-z]/.test(word) && (/[A-Z]/.test(word) || /^[0-9a-f]+$/.test(word));
}

/** Removes ids, e-mail addresses and token-like words from a text that should hold none. */
export function redact(text: string): string {
  return text
    .replace(EMAIL, '{email}')
    .replace(UUID, '{id}')
    .replace(TOKEN, (word) => (looksLikeToken(word) ? '{token}' : word));
}

function scrubValue(key: string, value: AttributeValue): AttributeValue {
  if (typeof value !== 'string') return value;
  const text = key === 'db.statement' || key === 'db.query.text' ? value.replace(SQL_STRING, "'?'") : value;
  return redact(text);
}

export function scrubAttributes(attributes: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (KEPT.has(key) && value !== undefined) kept[key] = scrubValue(key, value);
  }
  const route = attributes['http.route'];
  if (typeof route === 'string') {
    for (const key of PATH_ATTRIBUTES) if (key in attributes) kept[key] = redact(route);
  }
  return kept;
}

/** The span as it may leave the process: kept attributes only, no message texts. */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  return {
    name: redact(span.name),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    // The status message is often an error's message, which may quote input.
    status: { code: span.status.code },
    attributes: scrubAttributes(span.attributes),
    links: span.links.map((link) => ({ ...link, attributes: scrubAttributes(link.attributes ?? {}) })),
    events: span.events.map((event) => ({ ...event, attributes: scrubAttributes(event.attributes ?? {}) })),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

type ExportResultCallback = Parameters<SpanExporter['export']>[1];

/** Hands the exporter scrubbed copies of the spans: the one place every span leaves through. */
export class ScrubbingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: ExportResultCallback): void {
    this.inner.export(spans.map(scrubSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
