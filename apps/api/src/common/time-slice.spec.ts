import { performance } from 'node:perf_hooks';
import { TimeSlices } from './time-slice';

/** Busy-waits for `ms`: synchronous work, as rolling up a report's rows is. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('TimeSlices', () => {
  it('lets a timer due meanwhile run between slices of a long loop, not only after it', async () => {
    const slices = new TimeSlices(4);
    let iterationsWhenTimerRan: number | null = null;
    let iterations = 0;
    setTimeout(() => (iterationsWhenTimerRan = iterations), 0);
    for (; iterations < 100; iterations += 1) {
      if (slices.due()) await slices.pause();
      spin(1);
    }
    expect(iterationsWhenTimerRan).not.toBeNull();
    expect(iterationsWhenTimerRan!).toBeLessThan(100);
  });

  it('is not due before its slice has run, so short loops never pause', async () => {
    const slices = new TimeSlices(10_000);
    expect(slices.due()).toBe(false);
    await slices.pause();
    expect(slices.due()).toBe(false);
  });

  it('is due once its slice has run, and a pause starts a new slice', async () => {
    const slices = new TimeSlices(2);
    spin(3);
    expect(slices.due()).toBe(true);
    await slices.pause();
    expect(slices.due()).toBe(false);
  });
});
