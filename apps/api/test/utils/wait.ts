/**
 * Waits until `check` holds, asking again every `intervalMs`; fails after `timeoutMs` naming
 * what it waited for. Tests wait on the condition itself rather than for a fixed time, which is
 * too short on a loaded machine and too long everywhere else.
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 20_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
