import type { Writable } from 'node:stream';

/**
 * Writes a chunk of a streamed answer with back-pressure: when the socket's buffer is full, waits
 * for it to drain (or for the client to go) instead of buffering the whole answer in memory.
 */
export async function writeWithBackPressure(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed || out.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
  });
}
