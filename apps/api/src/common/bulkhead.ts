import { HttpStatus } from '@nestjs/common';
import { ProblemException } from './problem';
import { ProblemType } from './problem-types';

export const TOO_MUCH_HEAVY_WORK_TYPE = ProblemType.TooMuchHeavyWork;
export const SERVER_BUSY_TYPE = ProblemType.ServerBusy;

/** How much heavy work one lane (staff, providers) may run and keep waiting in one process. */
export interface LaneLimits {
  /** Heavy requests running at once in the lane, whoever sent them. */
  concurrency: number;
  /** Of which one caller (a staff account, an API key) may run. */
  perCaller: number;
  /** Requests waiting for a slot in the lane; one more is refused with 503. */
  queueSize: number;
  /** Requests one caller may keep waiting; one more is refused with 429. */
  queuePerCaller: number;
  /** Longest wait for a slot before the request is refused (429 or 503, see Bulkhead). */
  queueTimeoutMs: number;
}

/** What a lane holds right now (for tests and the benchmark). */
export interface LaneSnapshot {
  running: number;
  waiting: number;
  /** Most requests that ever ran at once in the lane. */
  peakRunning: number;
  refused: number;
}

/** Ends one slot; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  caller: string;
  start: (release: Release) => void;
  refuse: (error: ProblemException) => void;
}

interface CallerState {
  running: number;
  waiting: number;
}

/** Typical duration assumed before any heavy request has finished, for Retry-After. */
const INITIAL_DURATION_MS = 1000;
const MAX_RETRY_AFTER_SECONDS = 60;

class Lane {
  running = 0;
  peakRunning = 0;
  refused = 0;
  readonly queue: Waiter[] = [];
  readonly callers = new Map<string, CallerState>();
  /** Moving average of how long a slot is held, to tell refused callers when to come back. */
  private averageMs = INITIAL_DURATION_MS;

  constructor(readonly limits: LaneLimits) {}

  caller(key: string): CallerState {
    let state = this.callers.get(key);
    if (!state) {
      state = { running: 0, waiting: 0 };
      this.callers.set(key, state);
    }
    return state;
  }

  forget(key: string): void {
    const state = this.callers.get(key);
    if (state && state.running === 0 && state.waiting === 0) this.callers.delete(key);
  }

  canStart(state: CallerState): boolean {
    return this.running < this.limits.concurrency && state.running < this.limits.perCaller;
  }

  observe(durationMs: number): void {
    this.averageMs = 0.8 * this.averageMs + 0.2 * durationMs;
  }

  /** Seconds until a slot is likely free for `ahead` more requests, at least one. */
  retryAfterSeconds(ahead: number, slots: number): number {
    const seconds = Math.ceil(((ahead + 1) * this.averageMs) / Math.max(1, slots) / 1000);
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
  }
}

/**
 * A bulkhead for heavy requests (statistics, reports, exports, imports, access packages): each
 * lane runs at most `concurrency` of them at once, one caller at most `perCaller`, and the rest
 * wait in a bounded first-come-first-served queue. A request the queue cannot take, or that
 * waits too long, is refused with Retry-After instead of reaching the database pool: 429 when
 * the caller's own requests hold it back, 503 when the lane is full with other callers' work.
 * Whatever heavy work arrives, the pool keeps its other connections for respondents, providers'
 * submissions and everyday staff requests. Counters are per process, as the pool is.
 */
export class Bulkhead {
  private readonly lanes = new Map<string, Lane>();

  constructor(lanes: Record<string, LaneLimits>) {
    for (const [name, limits] of Object.entries(lanes)) this.lanes.set(name, new Lane(limits));
  }

  /**
   * Waits for a slot in `laneName` for `caller` and resolves with its release, or rejects with
   * the 429/503 problem. An aborted `signal` (the client went away) leaves the queue at once.
   */
  acquire(laneName: string, caller: string, signal?: AbortSignal): Promise<Release> {
    const waiting = this.waitFor(laneName, caller, signal);
    // A refusal that comes after its request is gone (the client left, the server is closing) has
    // nobody to tell: it must not surface as an unhandled rejection. Callers still see it.
    waiting.catch(() => undefined);
    return waiting;
  }

  private waitFor(laneName: string, caller: string, signal?: AbortSignal): Promise<Release> {
    const lane = this.lane(laneName);
    const state = lane.caller(caller);
    if (lane.canStart(state)) return Promise.resolve(this.start(lane, caller));
    if (state.waiting >= lane.limits.queuePerCaller) {
      lane.forget(caller);
      return Promise.reject(this.refuse(lane, HttpStatus.TOO_MANY_REQUESTS, state));
    }
    if (lane.queue.length >= lane.limits.queueSize) {
      lane.forget(caller);
      return Promise.reject(this.refuse(lane, HttpStatus.SERVICE_UNAVAILABLE, state));
    }
    return new Promise<Release>((resolve, reject) => {
      const leave = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = lane.queue.indexOf(waiter);
        if (at >= 0) lane.queue.splice(at, 1);
        state.waiting -= 1;
      };
      const waiter: Waiter = {
        caller,
        start: (release) => {
          leave();
          resolve(release);
        },
        refuse: (error) => {
          leave();
          lane.forget(caller);
          reject(error);
        },
      };
      const onAbort = (): void =>
        waiter.refuse(
          new ProblemException(499, 'The client closed the request while it waited.', { type: SERVER_BUSY_TYPE }),
        );
      state.waiting += 1;
      lane.queue.push(waiter);
      const timer = setTimeout(() => {
        const ownLoad = state.running >= lane.limits.perCaller;
        waiter.refuse(
          this.refuse(lane, ownLoad ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE, state),
        );
      }, lane.limits.queueTimeoutMs);
      timer.unref();
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `work` in a slot of `laneName` for `caller` (see acquire). */
  async run<T>(laneName: string, caller: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(laneName, caller, signal);
    try {
      return await work();
    } finally {
      release();
    }
  }

  snapshot(laneName: string): LaneSnapshot {
    const lane = this.lane(laneName);
    return { running: lane.running, waiting: lane.queue.length, peakRunning: lane.peakRunning, refused: lane.refused };
  }

  private lane(name: string): Lane {
    const lane = this.lanes.get(name);
    if (!lane) throw new Error(`No bulkhead lane named ${name}.`);
    return lane;
  }

  private start(lane: Lane, caller: string): Release {
    const state = lane.caller(caller);
    lane.running += 1;
    state.running += 1;
    lane.peakRunning = Math.max(lane.peakRunning, lane.running);
    const startedAt = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.observe(Date.now() - startedAt);
      lane.running -= 1;
      state.running -= 1;
      lane.forget(caller);
      this.dispatch(lane);
    };
  }

  /** Starts the first waiters, in arrival order, whose caller is under its own limit. */
  private dispatch(lane: Lane): void {
    for (let i = 0; i < lane.queue.length && lane.running < lane.limits.concurrency;) {
      const waiter = lane.queue[i];
      const state = lane.caller(waiter.caller);
      if (state.running < lane.limits.perCaller) {
        waiter.start(this.start(lane, waiter.caller)); // removes it from the queue
      } else {
        i += 1;
      }
    }
  }

  private refuse(lane: Lane, status: number, state: CallerState): ProblemException {
    lane.refused += 1;
    if (status === HttpStatus.TOO_MANY_REQUESTS) {
      const seconds = lane.retryAfterSeconds(state.waiting, lane.limits.perCaller);
      return new ProblemException(
        status,
        `You have ${state.running} heavy requests (statistics, reports, exports, imports) running and ` +
          `${state.waiting} waiting, as many as one account may; retry when one has finished.`,
        { type: TOO_MUCH_HEAVY_WORK_TYPE, headers: { 'Retry-After': String(seconds) } },
      );
    }
    const seconds = lane.retryAfterSeconds(lane.queue.length, lane.limits.concurrency);
    return new ProblemException(status, 'The server is busy with other heavy requests; retry later.', {
      type: SERVER_BUSY_TYPE,
      headers: { 'Retry-After': String(seconds) },
    });
  }
}
