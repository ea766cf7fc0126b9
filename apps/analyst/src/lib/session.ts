import { createApiClient, type ApiClient, type components } from '@survey/api-client';
import { useSyncExternalStore } from 'react';

export type Me = components['schemas']['MeDto'];
export type Tokens = components['schemas']['TokensDto'];
export type StaffRole = Me['role'];

/** Why the person is signed out: shown on the sign-in page so an ended session is never silent. */
export type EndReason = 'signed-out' | 'expired' | 'revoked' | 'password-changed';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; reason?: EndReason }
  | {
      status: 'signed-in';
      user: Me;
      /** Epoch ms when the short-lived access token expires; it is renewed before then. */
      accessExpiresAt: number;
      /** Lifetime of each access token, in ms. */
      accessTtlMs: number;
      /** Epoch ms when the whole session ends, whatever is renewed. */
      sessionExpiresAt: number;
      /** Admins and privacy officers must enrol a second factor before anything else. */
      mfaEnrolmentRequired: boolean;
    };

/** The refresh token survives a reload of this tab only (sessionStorage), never other tabs or restarts. */
const STORAGE_KEY = 'analyst.session';
/** Renew this long before the access token expires (or a quarter of its life, if shorter). */
const RENEW_AHEAD_MS = 60_000;

interface Stored {
  refreshToken: string;
  sessionExpiresAt: number;
}

let state: SessionState = { status: 'restoring' };
let accessToken: string | undefined;
let refreshToken: string | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<string | undefined> | undefined;
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

function store(value: Stored | undefined): void {
  try {
    if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage a reload signs the person out; nothing else changes.
  }
}

function stored(): Stored | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<Stored>;
    if (typeof value.refreshToken === 'string' && typeof value.sessionExpiresAt === 'number') {
      return { refreshToken: value.refreshToken, sessionExpiresAt: value.sessionExpiresAt };
    }
  } catch {
    // Unreadable: treat as signed out.
  }
  return undefined;
}

const TOKEN_ROUTES = /\/api\/v1\/auth\/(login|refresh)$/;

/**
 * Credentials go in the Authorization header only. A request answered 401 is retried once with a
 * renewed access token; when renewal fails the session is over and the app says so.
 */
async function sessionFetch(input: Request): Promise<Response> {
  // Signing in and renewing are never retried: a renewal waiting on itself would never end.
  if (!input.headers.has('Authorization') || TOKEN_ROUTES.test(new URL(input.url).pathname)) return fetch(input);
  let request = input;
  if (state.status === 'signed-in' && state.accessExpiresAt - Date.now() < 5_000) {
    const token = await renew();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
  }
  const retry = request.clone();
  const response = await fetch(request);
  if (response.status !== 401 || state.status !== 'signed-in') return response;
  const token = await renew();
  if (!token) return response;
  request = retry;
  request.headers.set('Authorization', `Bearer ${token}`);
  return fetch(request);
}

/** The one API client of the staff console. */
export const api: ApiClient = createApiClient({ accessToken: () => accessToken, fetch: sessionFetch });

function schedule(): void {
  clearTimeout(renewTimer);
  if (state.status !== 'signed-in') return;
  const ahead = Math.min(RENEW_AHEAD_MS, state.accessTtlMs / 4);
  const delay = Math.max(1_000, state.accessExpiresAt - Date.now() - ahead);
  renewTimer = setTimeout(() => void renew(), delay);
}

function open(tokens: Tokens): void {
  accessToken = tokens.accessToken;
  refreshToken = tokens.refreshToken;
  const sessionExpiresAt = Date.parse(tokens.sessionExpiresAt);
  store({ refreshToken: tokens.refreshToken, sessionExpiresAt });
  setState({
    status: 'signed-in',
    user: tokens.user,
    accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
    accessTtlMs: tokens.expiresIn * 1000,
    sessionExpiresAt,
    mfaEnrolmentRequired: tokens.mfaEnrolmentRequired,
  });
  schedule();
}

function end(reason: EndReason): void {
  clearTimeout(renewTimer);
  accessToken = undefined;
  refreshToken = undefined;
  store(undefined);
  setState({ status: 'signed-out', reason });
}

/**
 * Trades the refresh token for new tokens (once at a time, however many requests ask). Returns
 * the new access token, or undefined when the session is over.
 */
export function renew(): Promise<string | undefined> {
  if (!refreshToken) return Promise.resolve(undefined);
  renewing ??= (async () => {
    const sent = refreshToken!;
    try {
      const { data, response } = await api.POST('/api/v1/auth/refresh', { body: { refreshToken: sent } });
      if (data) {
        open(data);
        return data.accessToken;
      }
      if (response.status === 401 || response.status === 400) {
        const current = state;
        const ended = current.status === 'signed-in' && current.sessionExpiresAt <= Date.now() + 1_000;
        end(ended ? 'expired' : 'revoked');
      } else {
        // The server is unwell (5xx): keep the session and try again shortly.
        renewTimer = setTimeout(() => void renew(), 10_000);
      }
      return undefined;
    } catch {
      renewTimer = setTimeout(() => void renew(), 10_000);
      return undefined;
    } finally {
      renewing = undefined;
    }
  })();
  return renewing;
}

/**
 * A valid access token for a request that cannot go through `api` (an upload with progress):
 * the current one while it has a while to live, else a renewed one; undefined when the session is over.
 */
export async function freshAccessToken(): Promise<string | undefined> {
  if (state.status === 'signed-in' && accessToken && state.accessExpiresAt - Date.now() > 30_000) return accessToken;
  return renew();
}

export const session = {
  /** Called once at start: resumes the tab's session after a reload, if there is one. */
  async restore(): Promise<void> {
    const saved = stored();
    if (!saved || saved.sessionExpiresAt <= Date.now()) {
      store(undefined);
      setState({ status: 'signed-out', reason: saved ? 'expired' : undefined });
      return;
    }
    refreshToken = saved.refreshToken;
    state = { status: 'signed-out' };
    const { data } = await api
      .POST('/api/v1/auth/refresh', { body: { refreshToken: saved.refreshToken } })
      .catch(() => ({
        data: undefined,
      }));
    if (data) open(data);
    else end('expired');
  },

  /** Opens a session from the answer to a successful login. */
  signedIn(tokens: Tokens): void {
    open(tokens);
  },

  /** Updates the user shown (after enrolling a second factor, changing one's name…). */
  updateUser(user: Me, mfaEnrolmentRequired = false): void {
    if (state.status === 'signed-in') setState({ ...state, user, mfaEnrolmentRequired });
  },

  async signOut(): Promise<void> {
    if (accessToken) {
      await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
    }
    end('signed-out');
  },

  /** The server refused the token and renewal failed: the session is over. */
  ended(reason: EndReason = 'expired'): void {
    end(reason);
  },

  get state(): SessionState {
    return state;
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state);
}

/** The signed-in user; only for components rendered inside the signed-in layout. */
export function useUser(): Me {
  const current = useSession();
  if (current.status !== 'signed-in') throw new Error('useUser() outside a signed-in page');
  return current.user;
}
