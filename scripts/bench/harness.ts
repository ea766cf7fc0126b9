import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';

/** What a benchmark set up, undone newest first when it ends (see runBenchmark). */
export const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;

/** Undoes what was set up, newest first; each step runs even if an earlier one failed. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => console.error('clean-up step failed:', error));
    }
  })();
  return cleaning;
}

/**
 * Runs a benchmark's main() so that it always cleans up after itself: on success, on failure,
 * on Ctrl-C or SIGTERM, and when it runs longer than `timeoutSeconds`.
 */
export function runBenchmark(main: () => Promise<void>, timeoutSeconds: number): void {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`Gave up after ${timeoutSeconds} s (BENCH_TIMEOUT_SECONDS); cleaning up.`);
    void cleanUp().finally(() => process.exit(1));
  }, timeoutSeconds * 1000);
  watchdog.unref();

  main()
    .then(cleanUp, async (error: unknown) => {
      // Requests cut off by the clean-up after a signal fail as they should: say nothing.
      if (!interrupted) console.error(error);
      process.exitCode = 1;
      await cleanUp();
    })
    .finally(() => clearTimeout(watchdog));
}

/** A port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `<name>` on the server, registers its removal, and returns its URL. */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  cleanups.push(() =>
    withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  console.log(`database: ${name} on ${url.host || 'the local socket'} (dropped at the end)`);
  return url.toString();
}
