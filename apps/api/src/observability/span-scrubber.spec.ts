import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { traceJob, tracedTaskList } from './job-tracing';
import { redact, ScrubbingSpanExporter, scrubAttributes } from './span-scrubber';

const TOKEN = 'Qm9vbXNoYWthbGFrYTEyMzQ1Njc4OTBhYmNkZWZnaGk';
const ID = '2f1c6a1e-8b7d-4c55-9a3e-0d4b5c6e7f80';

describe('span scrubbing', () => {
  it('keeps route templates and SQL placeholders, and drops URLs, addresses and messages', () => {
    expect(
      scrubAttributes({
        'http.request.method': 'GET',
        'http.route': '/api/v1/surveys/:id',
        'url.path': `/api/v1/surveys/${ID}`,
        'url.full': `http://api.example.org/api/v1/surveys/${ID}?email=a@b.example`,
        'url.query': 'email=a@b.example',
        'client.address': '203.0.113.9',
        'user_agent.original': 'Mozilla/5.0',
        'db.query.text': `SELECT * FROM contacts WHERE email_hash = $1 AND name = 'Ana Lima'`,
        'db.postgresql.values': [ID],
        'exception.message': `invalid input syntax for type uuid: "${TOKEN}"`,
        'http.response.status_code': 200,
      }),
    ).toEqual({
      'http.request.method': 'GET',
      'http.route': '/api/v1/surveys/:id',
      'url.path': '/api/v1/surveys/:id',
      'db.query.text': `SELECT * FROM contacts WHERE email_hash = $1 AND name = '?'`,
      'http.response.status_code': 200,
    });
  });

  it('replaces ids, addresses and token-like words, and leaves SQL and route names alone', () => {
    expect(redact(`GET /r/${TOKEN} for someone@example.org on ${ID}`)).toBe('GET /r/{token} for {email} on {id}');
    expect(redact('pg.query:SELECT provider_idempotency_keys survey_test_0a1b2c')).toBe(
      'pg.query:SELECT provider_idempotency_keys survey_test_0a1b2c',
    );
  });
});

describe('job spans', () => {
  const exported = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new ScrubbingSpanExporter(exported))],
  });

  // The tracer provider, context manager and propagator, as tracing.ts registers them.
  beforeAll(() => provider.register());

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  beforeEach(() => exported.reset());

  it('wraps each task of a task list in a span named by the task, without its payload', async () => {
    const seen: string[] = [];
    const tasks = tracedTaskList({
      'send-mail': async (payload: { to: string }) => {
        seen.push(trace.getActiveSpan() ? 'in span' : 'no span');
        expect(payload.to).toBe('ana@example.org');
      },
    });
    await tasks['send-mail']({ to: 'ana@example.org' }, { job: { attempts: 2, max_attempts: 5 } });
    expect(seen).toEqual(['in span']);
    const [span] = exported.getFinishedSpans();
    expect(span.name).toBe('job send-mail');
    expect(span.attributes).toEqual({ 'job.task': 'send-mail', 'job.attempt': 2, 'job.max_attempts': 5 });
    expect(JSON.stringify(span.attributes)).not.toContain('ana@example.org');
  });

  it('marks a failed job with the error type only', async () => {
    const failing = traceJob('import', async () => {
      throw new TypeError(`bad value ${TOKEN}`);
    });
    await expect(failing).rejects.toThrow(TypeError);
    const [span] = exported.getFinishedSpans();
    expect(span.status).toEqual({ code: 2 });
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(JSON.stringify(span)).not.toContain(TOKEN);
  });
});
