import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export { ProblemType } from './problem-types';
export type ApiClient = Client<paths>;
export type Problem = components['schemas']['ProblemDto'];

export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Origin of the API, e.g. `http://localhost:3000`; empty for same-origin SPAs. */
  baseUrl?: string;
  /** Staff access token, sent as `Authorization: Bearer …`. Read on every request. */
  accessToken?: () => string | undefined;
  /** Provider API key, sent as `X-API-Key`. */
  apiKey?: string;
  /** Respondent invitation token, sent as `X-Invitation-Token`. */
  invitationToken?: () => string | undefined;
}

/**
 * A typed client for the survey platform API, generated from openapi/openapi.json. Credentials
 * are always sent in headers, never in URLs.
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const { baseUrl = '', accessToken, apiKey, invitationToken, ...rest } = options;
  const client = createClient<paths>({ baseUrl, ...rest });
  const credentials: Middleware = {
    onRequest({ request }) {
      const token = accessToken?.();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      if (apiKey) request.headers.set('X-API-Key', apiKey);
      const invitation = invitationToken?.();
      if (invitation) request.headers.set('X-Invitation-Token', invitation);
      return request;
    },
  };
  client.use(credentials);
  return client;
}

/** True when a value has the shape of an RFC 9457 problem document. */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).status === 'number' &&
    typeof (value as Problem).title === 'string'
  );
}

/** Operations that take a file as their whole body (CSV or JSON) and answer 202 with a JSON document. */
export type UploadPath = {
  [P in keyof paths]: paths[P] extends {
    post: { requestBody: { content: { 'text/csv': unknown } }; responses: { 202: unknown } };
  }
    ? P
    : never;
}[keyof paths];

/** The 202 answer of an upload operation, as the schema types it. */
export type UploadAccepted<P extends UploadPath> = paths[P]['post'] extends {
  responses: { 202: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** Bytes to send (the file's size when the browser does not say). */
  total: number;
}

export interface UploadOptions<P extends UploadPath> {
  /** Origin of the API; empty for same-origin SPAs. */
  baseUrl?: string;
  path: P;
  /** The file itself: it is sent as the whole body, not as a multipart form. */
  body: Blob;
  /** `text/csv` or `application/json`, as the operation documents. */
  contentType: string;
  /** Staff access token, sent as `Authorization: Bearer …` (never in the URL). */
  accessToken?: string;
  /** Called as the body goes out, for a progress bar. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Same shape as an openapi-fetch result: the 202 body, or the problem the API answered. */
export interface UploadResult<P extends UploadPath> {
  data?: UploadAccepted<P>;
  error?: Problem;
  response: Response;
}

// The browser's XMLHttpRequest, typed here by what this file uses: the library also compiles
// without the DOM types (API tests), where it is never called.
interface ProgressLike {
  loaded: number;
  total: number;
  lengthComputable: boolean;
}
interface UploadRequest {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getAllResponseHeaders(): string;
  send(body: Blob): void;
  abort(): void;
  upload: { onprogress: ((event: ProgressLike) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  status: number;
  statusText: string;
  responseText: string;
}

function headersOf(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * Uploads a file with progress, which fetch cannot report: an XMLHttpRequest in the browser.
 * Resolves with the accepted document or the API's problem (never throws for an HTTP status);
 * rejects on a network failure or when `signal` aborts. Credentials go in headers only.
 */
export function uploadWithProgress<P extends UploadPath>(options: UploadOptions<P>): Promise<UploadResult<P>> {
  const Xhr = (globalThis as { XMLHttpRequest?: new () => UploadRequest }).XMLHttpRequest;
  if (!Xhr) return Promise.reject(new Error('uploadWithProgress needs a browser (XMLHttpRequest).'));
  const { baseUrl = '', path, body, contentType, accessToken, onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const xhr = new Xhr();
    xhr.open('POST', `${baseUrl}${path}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    xhr.upload.onprogress = (event) =>
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : body.size });
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    xhr.onerror = () => {
      settle();
      reject(new TypeError('The upload could not reach the server.'));
    };
    xhr.onabort = () => {
      settle();
      reject(signal?.reason ?? new Error('aborted'));
    };
    xhr.onload = () => {
      settle();
      const response = new Response(null, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: headersOf(xhr.getAllResponseHeaders()),
      });
      let document: unknown;
      try {
        document = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        document = undefined;
      }
      if (xhr.status === 202) {
        onProgress?.({ loaded: body.size, total: body.size });
        resolve({ data: document as UploadAccepted<P>, response });
      } else {
        resolve({ error: isProblem(document) ? document : undefined, response });
      }
    };
    xhr.send(body);
  });
}
