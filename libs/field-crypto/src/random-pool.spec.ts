import { RandomPool } from './random-pool';

describe('RandomPool', () => {
  it('never hands out the same bytes twice, across many block refills', () => {
    const pool = new RandomPool();
    const seen = new Set<string>();
    const chunk = Buffer.alloc(32);
    // 12- and 32-byte draws, as for IVs and keys: 44 does not divide 4096, so refills leave tails.
    for (let i = 0; i < 5000; i++) {
      const length = i % 2 === 0 ? 12 : 32;
      pool.fill(chunk, 0, length);
      seen.add(chunk.toString('hex', 0, length));
    }
    expect(seen.size).toBe(5000);
  });

  it('writes exactly the requested range', () => {
    const pool = new RandomPool();
    const target = Buffer.alloc(40, 0xaa);
    pool.fill(target, 4, 32);
    expect(target.subarray(0, 4)).toEqual(Buffer.alloc(4, 0xaa));
    expect(target.subarray(36)).toEqual(Buffer.alloc(4, 0xaa));
    expect(target.subarray(4, 36).equals(Buffer.alloc(32, 0xaa))).toBe(false);
  });

  it('looks uniformly random (byte histogram of 1 MiB)', () => {
    const pool = new RandomPool();
    const counts = new Array<number>(256).fill(0);
    const chunk = Buffer.alloc(4096);
    for (let i = 0; i < 256; i++) {
      pool.fill(chunk, 0, 4096);
      for (const byte of chunk) counts[byte]++;
    }
    // Expected 4096 per value; the standard deviation is about 64, so 10 sigma never fails by chance.
    for (const count of counts) expect(Math.abs(count - 4096)).toBeLessThan(640);
  });
});
