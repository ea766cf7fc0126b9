/**
 * The secret of every link the app is opened with (invitation, opt-out, privacy-request
 * confirmation, data download) arrives in the URL fragment, which browsers never send to a
 * server. It is taken once and wiped from the address bar, so it stays out of the history and is
 * not shared by copying the address.
 */
export function takeTokenFromFragment(): string | null {
  const token = window.location.hash.slice(1);
  if (window.location.hash) {
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }
  return token || null;
}

/** Seconds from a Retry-After header, as whole minutes for people (at least 1). */
export function retryAfterMinutes(response: Response | undefined): number {
  const seconds = Number(response?.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : 15;
}
