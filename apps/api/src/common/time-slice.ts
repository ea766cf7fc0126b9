import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of synchronous work a heavy request runs before letting other requests in. */
export const TIME_SLICE_MS = 4;

/**
 * Splits a long loop on the request thread into short slices, so that the quick requests it shares
 * the thread with (respondents opening and submitting a survey) wait milliseconds, not the whole
 * loop. Use as `if (slices.due()) await slices.pause();` inside the loop: checking is cheap,
 * pausing happens only once a slice has run its time.
 */
export class TimeSlices {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = TIME_SLICE_MS) {}

  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Lets pending I/O callbacks and timers run, then starts a new slice. */
  async pause(): Promise<void> {
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
