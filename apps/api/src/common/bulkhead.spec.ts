import { Bulkhead, LaneLimits, Release, SERVER_BUSY_TYPE, TOO_MUCH_HEAVY_WORK_TYPE } from './bulkhead';
import { ProblemException } from './problem';

const LIMITS: LaneLimits = { concurrency: 3, perCaller: 2, queueSize: 4, queuePerCaller: 2, queueTimeoutMs: 60_000 };

function bulkhead(limits: Partial<LaneLimits> = {}): Bulkhead {
  return new Bulkhead({ staff: { ...LIMITS, ...limits }, provider: { ...LIMITS, ...limits } });
}

/** Settles pending promise callbacks. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function refusal(promise: Promise<unknown>): Promise<ProblemException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemException);
  return error as ProblemException;
}

describe('Bulkhead', () => {
  it('runs at most perCaller for one caller and queues the rest in arrival order', async () => {
    const heads = bulkhead();
    const started: number[] = [];
    const releases: Release[] = [];
    const all = [0, 1, 2, 3].map((i) =>
      heads.acquire('staff', 'analyst').then((release) => {
        started.push(i);
        releases.push(release);
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(heads.snapshot('staff')).toMatchObject({ running: 2, waiting: 2 });
    releases[0]();
    releases[0](); // a second call changes nothing
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(heads.snapshot('staff')).toMatchObject({ running: 2, waiting: 1 });
    releases[1]();
    releases[2]();
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3]);
    releases[3]();
    expect(heads.snapshot('staff')).toMatchObject({ running: 0, waiting: 0, peakRunning: 2 });
  });

  it('lets another caller start while the first one waits on its own limit', async () => {
    const heads = bulkhead();
    await heads.acquire('staff', 'a');
    await heads.acquire('staff', 'a');
    const waiting = heads.acquire('staff', 'a');
    const other = await heads.acquire('staff', 'b');
    expect(typeof other).toBe('function');
    expect(heads.snapshot('staff')).toMatchObject({ running: 3, waiting: 1 });
    // The lane is full now: b waits too, behind a, and gets the next slot a cannot take.
    const bAgain = heads.acquire('staff', 'b');
    other();
    await expect(bAgain).resolves.toBeInstanceOf(Function);
    expect(heads.snapshot('staff')).toMatchObject({ running: 3, waiting: 1 });
    void waiting;
  });

  it('refuses a caller whose own queue is full with 429 and Retry-After', async () => {
    const heads = bulkhead();
    for (let i = 0; i < 4; i += 1) void heads.acquire('staff', 'a'); // 2 running, 2 waiting
    await tick();
    const error = await refusal(heads.acquire('staff', 'a'));
    expect(error.getStatus()).toBe(429);
    expect(error.problemOptions.type).toBe(TOO_MUCH_HEAVY_WORK_TYPE);
    expect(Number(error.problemOptions.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(heads.snapshot('staff')).toMatchObject({ running: 2, waiting: 2, refused: 1 });
  });

  it('refuses with 503 and Retry-After when the lane queue is full of other callers', async () => {
    const heads = bulkhead({ concurrency: 1, perCaller: 1, queueSize: 2 });
    await heads.acquire('staff', 'a');
    void heads.acquire('staff', 'b');
    void heads.acquire('staff', 'c');
    const error = await refusal(heads.acquire('staff', 'd'));
    expect(error.getStatus()).toBe(503);
    expect(error.problemOptions.type).toBe(SERVER_BUSY_TYPE);
    expect(error.problemOptions.headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
  });

  it('gives up after the queue timeout: 429 when the caller holds its own slots, else 503', async () => {
    jest.useFakeTimers();
    try {
      const heads = bulkhead({ queueTimeoutMs: 1000 });
      await heads.acquire('staff', 'a');
      await heads.acquire('staff', 'a');
      const own = heads.acquire('staff', 'a');
      await heads.acquire('staff', 'b'); // the lane is full now
      const other = heads.acquire('staff', 'c');
      jest.advanceTimersByTime(1000);
      expect((await refusal(own)).getStatus()).toBe(429);
      expect((await refusal(other)).getStatus()).toBe(503);
      expect(heads.snapshot('staff')).toMatchObject({ running: 3, waiting: 0 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('drops a waiter whose client went away, without running it', async () => {
    const heads = bulkhead({ perCaller: 1 });
    const first = await heads.acquire('staff', 'a');
    const gone = new AbortController();
    const waiting = heads.acquire('staff', 'a', gone.signal);
    gone.abort();
    expect((await refusal(waiting)).getStatus()).toBe(499);
    first();
    expect(heads.snapshot('staff')).toMatchObject({ running: 0, waiting: 0 });
  });

  it('keeps lanes apart: staff work never holds a provider slot', async () => {
    const heads = bulkhead({ concurrency: 1, perCaller: 1 });
    await heads.acquire('staff', 'a');
    await expect(heads.acquire('provider', 'key')).resolves.toBeInstanceOf(Function);
    expect(heads.snapshot('provider').running).toBe(1);
  });

  it('releases the slot of run() when the work fails', async () => {
    const heads = bulkhead();
    await expect(heads.run('staff', 'a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(heads.snapshot('staff')).toMatchObject({ running: 0, waiting: 0 });
  });
});
