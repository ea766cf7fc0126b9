import { Writable } from 'node:stream';
import { writeWithBackPressure } from './write-with-back-pressure';

/** A sink whose buffer holds one byte and that takes a chunk only when the test lets it. */
function slowSink() {
  const received: string[] = [];
  const pending: Array<() => void> = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      pending.push(() => {
        received.push(chunk.toString('utf8'));
        callback();
      });
    },
  });
  return { sink, received, release: () => pending.splice(0).forEach((take) => take()) };
}

describe('writeWithBackPressure', () => {
  it('returns at once while the buffer has room', async () => {
    const received: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString('utf8'));
        callback();
      },
    });
    await writeWithBackPressure(sink, 'a');
    await writeWithBackPressure(sink, Buffer.from('b'));
    expect(received).toEqual(['a', 'b']);
  });

  it('waits for a full buffer to drain before the next chunk', async () => {
    const { sink, received, release } = slowSink();
    let written = false;
    const writing = writeWithBackPressure(sink, 'first').then(() => (written = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe(false);
    release();
    await writing;
    expect(received).toEqual(['first']);
  });

  it('stops waiting when the client goes, and writes nothing more once it has gone', async () => {
    const { sink, received } = slowSink();
    const writing = writeWithBackPressure(sink, 'first');
    sink.destroy();
    await writing;
    await writeWithBackPressure(sink, 'second');
    expect(received).toEqual([]);
  });
});
