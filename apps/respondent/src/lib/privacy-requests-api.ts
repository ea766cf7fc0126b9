import { createApiClient, isProblem, type components } from '@survey/api-client';

export const PRIVACY_REQUEST_TYPES = ['access', 'rectification', 'erasure', 'objection'] as const;
export type PrivacyRequestBody = components['schemas']['CreatePrivacyRequestDto'];
export type PrivacyRequestType = PrivacyRequestBody['type'];

type Problem = components['schemas']['ProblemDto'];

const client = () => createApiClient();

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
