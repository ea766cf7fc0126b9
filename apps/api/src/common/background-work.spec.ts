import { BackgroundWork } from './background-work';

describe('BackgroundWork', () => {
  it('runs one piece of work per id, lets callers wait for it, and forgets it once done', async () => {
    const work = new BackgroundWork();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    work.start('a', async () => {
      runs++;
      await gate;
    });
    work.start('a', async () => {
      runs++;
    });
    expect(runs).toBe(1);
    const waited = work.settled('a');
    release();
    await waited;
    work.start('a', async () => {
      runs++;
    });
    await work.settled('a');
    expect(runs).toBe(2);
    await expect(work.settled('never-started')).resolves.toBeUndefined();
  });

  it('stop() says stopping to running work and waits for it to end, failures included', async () => {
    const work = new BackgroundWork();
    const seen: boolean[] = [];
    work.start('loop', async () => {
      while (!work.stopping) await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(work.stopping);
    });
    work.start('fails', () => Promise.reject(new Error('boom')).catch(() => undefined));
    await work.stop();
    expect(seen).toEqual([true]);
  });
});
