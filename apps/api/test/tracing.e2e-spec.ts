import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaffRole } from '../src/auth/roles';
import { createTestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { OtlpReceiver, ReceivedSpan } from './utils/otlp-receiver';
import { freePort } from './utils/ports';
import { FIXTURE, Invitee, surveyWithInvitees } from './utils/respondents';
import { start, Started, waitUntilReady } from './utils/server';
import { newStaff, sessionFor } from './utils/staff';
import { until } from './utils/wait';

/**
 * OpenTelemetry tracing of the built server (what `npm start` runs: tracing must be loaded
 * before Nest and pg, which only a real process shows), exported to a real OTLP/HTTP receiver.
 */

const SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(48).toString('base64url'),
};
const QUERY_EMAIL = 'somebody.curious@example.org';

describe('tracing', () => {
  let db: TestDatabase;
  let dataDir: string;
  let receiver: OtlpReceiver;
  let endpoint: string;
  let server: Started | null = null;
  let port: number;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];

  async function startServer(env: Record<string, string>): Promise<void> {
    port = await freePort();
    server = start({
      ...SECRETS,
      DATABASE_URL: db.url,
      PORT: String(port),
      DATA_DIR: dataDir,
      MAIL_POLL_INTERVAL_MS: '0',
      RETENTION_SCHEDULE: 'false',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...env,
    });
    await waitUntilReady(port, server);
  }

  async function stopServer(): Promise<void> {
    if (!server) return;
    server.child.kill('SIGTERM');
    await server.exited;
    server = null;
  }

  /** Requests that carry ids, a respondent's token, a staff token and an e-mail address. */
  async function traffic(): Promise<void> {
    const origin = `http://127.0.0.1:${port}`;
    const staff = { Authorization: `Bearer ${analyst}` };
    expect((await fetch(`${origin}/api/v1/surveys/${surveyId}`, { headers: staff })).status).toBe(200);
    const respond = await fetch(`${origin}/api/v1/respond`, { headers: { 'X-Invitation-Token': invitees[0].token } });
    expect(respond.status).toBe(200);
    // A token where no route expects one, and a query string holding an address.
    const stray = await fetch(`${origin}/api/v1/surveys/${invitees[1].token}?email=${QUERY_EMAIL}`, { headers: staff });
    expect(stray.status).toBe(400);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'tracing-'));
    const setup = await createTestApp({ databaseUrl: db.url, env: { ...SECRETS, DATA_DIR: dataDir } });
    try {
      analyst = await sessionFor(setup.app, await newStaff(setup.app, StaffRole.Analyst));
      ({ surveyId, invitees } = await surveyWithInvitees(setup.app, analyst));
    } finally {
      await setup.close();
    }
    receiver = new OtlpReceiver();
    endpoint = await receiver.listen();
  }, 120_000);

  afterAll(async () => {
    await stopServer();
    await receiver?.close();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports spans for a request and its database statements, named by route template, without values', async () => {
    await startServer({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    await traffic();
    const server = (route: string) =>
      receiver.spans.find((s) => s.kind === 2 && s.attributes['http.route'] === route && s.name.startsWith('GET'));
    await until('the request spans', () => Boolean(server('/api/v1/surveys/:id') && server('/api/v1/respond')));
    const request = server('/api/v1/surveys/:id');
    expect(request!.name).toBe('GET /api/v1/surveys/:id');
    expect(request!.attributes['http.response.status_code'] ?? request!.attributes['http.status_code']).toBe(200);
    const inTrace = (span: ReceivedSpan) => span.traceId === request!.traceId;
    const statementsOf = () =>
      receiver.spans.filter(
        (s) => inTrace(s) && (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'postgresql',
      );
    await until('the database spans of the request', () => statementsOf().length > 0);
    const sql = statementsOf().map((s) => String(s.attributes['db.query.text'] ?? s.attributes['db.statement']));
    expect(sql.some((text) => text.includes('$1'))).toBe(true);
    expect(receiver.spans.some((s) => inTrace(s) && s.attributes['nestjs.type'] === 'request_context')).toBe(true);

    const everything = receiver.bodies.join('\n');
    const values = [
      surveyId,
      analyst,
      QUERY_EMAIL,
      ...invitees.flatMap((i) => [i.token, i.invitationId, i.contactId]),
      ...FIXTURE.toString('utf8').match(/[\w.+-]+@[\w.-]+/g)!,
    ];
    expect(values.filter((value) => everything.includes(value))).toEqual([]);
    for (const key of [
      'http.url',
      'url.full',
      'url.query',
      'http.user_agent',
      'user_agent.original',
      'client.address',
    ]) {
      expect(receiver.spans.filter((s) => key in s.attributes)).toEqual([]);
    }
    expect(receiver.spans.filter((s) => 'db.postgresql.values' in s.attributes)).toEqual([]);
    await stopServer();
  });

  it('connects to no collector when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    const before = receiver.connections;
    // The receiver is there to be found: the server is told nothing about it.
    await startServer({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` });
    await traffic();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await stopServer();
    expect(receiver.connections).toBe(before);
  });
});
