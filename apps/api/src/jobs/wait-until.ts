import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `done()` is true, checking every `everyMs`: for callers that follow a job's work
 * through the state it writes (tests, the demo loader). Fails after `timeoutMs`, when no worker
 * runs the job (a process with ROLE=api runs none).
 */
export async function waitUntil(
  done: () => Promise<boolean>,
  { everyMs = 25, timeoutMs = 120_000 }: { everyMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('The background job did not finish in time; is a worker running?');
    await sleep(everyMs);
  }
}
