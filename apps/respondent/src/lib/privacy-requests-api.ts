import { createApiClient, isProblem, type components } from '@survey/api-client';
import type { Client } from 'openapi-fetch';

/*
 * The privacy-request routes (intake, identity check, access package) are built on another
 * branch; until it is merged the generated client does not know them. These types follow the
 * agreed contract in the shape openapi-typescript generates.
 * TODO(after the privacy-requests merge): delete them and use the generated `paths` of
 * @survey/api-client (createApiClient() then types these calls by itself).
 */
export const PRIVACY_REQUEST_TYPES = ['access', 'rectification', 'erasure', 'objection'] as const;
export type PrivacyRequestType = (typeof PRIVACY_REQUEST_TYPES)[number];

export interface PrivacyRequestBody {
  type: PrivacyRequestType;
  email: string;
  details?: string;
  language?: string;
}

type Problem = components['schemas']['ProblemDto'];
interface NoParameters {
  query?: never;
  header?: never;
  path?: never;
  cookie?: never;
}
interface Json<T> {
  headers: { [name: string]: unknown };
  content: { 'application/json': T };
}
interface ProblemResponse {
  headers: { [name: string]: unknown };
  content: { 'application/problem+json': Problem };
}
interface OnlyPost<Body, Ok extends number, Result> {
  parameters: NoParameters;
  get?: never;
  put?: never;
  post: {
    parameters: NoParameters;
    requestBody: { content: { 'application/json': Body } };
    responses: { [status in Ok]: Json<Result> } & { 400: ProblemResponse; 404: ProblemResponse; 429: ProblemResponse };
  };
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

interface PrivacyRequestPaths {
  '/api/v1/privacy-requests': OnlyPost<PrivacyRequestBody, 202, { status: 'received'; message: string }>;
  '/api/v1/privacy-requests/verify': OnlyPost<
    { token: string },
    200,
    { status: 'verified'; type: PrivacyRequestType; dueAt: string }
  >;
  '/api/v1/privacy-requests/package': {
    parameters: NoParameters;
    get: {
      parameters: { query: { format: 'json' | 'html' }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { 'application/json': unknown; 'text/html': string } };
        404: ProblemResponse;
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

/** The same client as everywhere (@survey/api-client), typed with the routes above. */
function client(): Client<PrivacyRequestPaths> {
  return createApiClient() as unknown as Client<PrivacyRequestPaths>;
}

export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; problem?: Problem; retryAfterSeconds?: number }
  | { ok: false; status: 0 };

async function call<T>(run: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Result<T>> {
  try {
    const { data, error, response } = await run();
    if (response.ok && data !== undefined) return { ok: true, data };
    const seconds = Number(response.headers.get('Retry-After'));
    return {
      ok: false,
      status: response.status,
      problem: isProblem(error) ? error : undefined,
      retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
    };
  } catch {
    return { ok: false, status: 0 };
  }
}

export const privacyRequestsApi = {
  file: (body: PrivacyRequestBody) => call(() => client().POST('/api/v1/privacy-requests', { body })),
  verify: (token: string) => call(() => client().POST('/api/v1/privacy-requests/verify', { body: { token } })),
  /** The access package as a file; the download token goes only in the X-Download-Token header. */
  downloadPackage: (token: string, format: 'json' | 'html') =>
    call<Blob>(
      () =>
        client().GET('/api/v1/privacy-requests/package', {
          params: { query: { format } },
          headers: { 'X-Download-Token': token },
          parseAs: 'blob',
        }) as Promise<{ data?: Blob; error?: unknown; response: Response }>,
    ),
};
