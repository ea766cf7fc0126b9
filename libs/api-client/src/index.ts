import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
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
