/** Waits before retry `attempt` (0, 1, 2…): 1 s, 2 s, 4 s… up to 30 s, with ±20 % jitter. */
export function backoffDelay(attempt: number, maxMs = 30_000): number {
  const base = Math.min(maxMs, 1000 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
