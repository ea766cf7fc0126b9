/**
 * Runs a benchmark's main() so that it always cleans up after itself: on success, on failure,
 * on Ctrl-C or SIGTERM, and when it runs longer than `timeoutSeconds`.
 */
export function runBenchmark(main: () => Promise<void>, cleanUp: () => Promise<void>, timeoutSeconds: number): void {
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
