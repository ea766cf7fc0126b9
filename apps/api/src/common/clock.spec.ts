import { FixedClock, SystemClock } from './clock';

describe('Clock', () => {
  it('FixedClock stands still until moved, and hands out copies', () => {
    const clock = new FixedClock(new Date('2026-01-31T12:00:00Z'));
    const now = clock.now();
    now.setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-01-31T12:00:00.000Z');
    clock.advance(24 * 3600 * 1000);
    expect(clock.now().toISOString()).toBe('2026-02-01T12:00:00.000Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(clock.now().getUTCFullYear()).toBe(2027);
  });

  it('SystemClock follows the wall clock', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
