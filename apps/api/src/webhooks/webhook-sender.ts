import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface SendResult {
  /** The receiver's status code; null when none came. */
  statusCode: number | null;
  succeeded: boolean;
  /** Why it failed, in words that name no value; null on success. */
  error: string | null;
  durationMs: number;
}

/** Bytes of the receiver's answer read (and thrown away) at most: its body is never kept. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs one signed body to a receiver, connecting to `address` (the one the SSRF check passed)
 * whatever the name resolves to now; TLS still checks the certificate against the URL's host.
 * Redirects are not followed: a 3xx is a failure. 2xx is success.
 */
export function postSigned(
  url: URL,
  address: { address: string; family: 4 | 6 },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
    } else {
      callback(null, address.address, address.family);
    }
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = send(
      url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: timeoutMs,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'survey-platform-webhooks/1',
        },
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const done = () => {
          const ok = status >= 200 && status < 300;
          finish({
            statusCode: status,
            succeeded: ok,
            error: ok ? null : status >= 300 && status < 400 ? `redirect-${status}` : `http-${status}`,
          });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const deadline = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, succeeded: false, error: 'timeout' });
    }, timeoutMs);
    req.on('timeout', () => {
      req.destroy();
      finish({ statusCode: null, succeeded: false, error: 'timeout' });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = typeof error.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(error.code) ? error.code : error.name;
      finish({ statusCode: null, succeeded: false, error: `connection-${code}` });
    });
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}
