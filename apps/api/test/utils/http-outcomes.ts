import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * What became of one request, seen from the client:
 * - `answered`: a complete answer arrived;
 * - `refused`: the connection was refused (nothing listens);
 * - `no-answer`: the connection was closed or reset before any byte of an answer came (whether
 *   the server had started on the request is for the caller to find out, e.g. in its log or the
 *   database);
 * - `cut`: an answer had begun and was cut off.
 */
export type Outcome =
  | { kind: 'answered'; requestId: string; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'refused' | 'no-answer' | 'cut'; requestId: string; code: string; reusedSocket: boolean };

export interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Sends one request to 127.0.0.1 with its own X-Request-Id, and never rejects. */
export function send(port: number, call: Call, agent: Agent | false, timeoutMs = 30_000): Promise<Outcome> {
  const requestId = randomUUID();
  const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
  return new Promise((resolve) => {
    let answering = false;
    const req = request({
      host: '127.0.0.1',
      port,
      method: call.method,
      path: call.path,
      agent,
      headers: {
        ...call.headers,
        'X-Request-Id': requestId,
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
      },
    });
    const failed = (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      const kind = answering ? 'cut' : code === 'ECONNREFUSED' ? 'refused' : 'no-answer';
      resolve({ kind, requestId, code, reusedSocket: req.reusedSocket });
    };
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    req.on('error', failed);
    req.on('response', (res) => {
      answering = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', failed);
      res.on('aborted', () => failed(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        if (!res.complete) return;
        resolve({
          kind: 'answered',
          requestId,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(payload);
  });
}

/** Counts outcomes by kind and answered status, for assertions and the figures a test prints. */
export function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.kind === 'answered' ? String(outcome.status) : `${outcome.kind}:${outcome.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Resolves once `probe` returns a value other than undefined, polling; rejects after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
