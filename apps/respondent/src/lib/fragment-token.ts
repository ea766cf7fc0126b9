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
