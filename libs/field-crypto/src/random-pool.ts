import { randomFillSync } from 'node:crypto';

const BLOCK_SIZE = 4096;

/**
 * Output of the operating system's CSPRNG (`randomFillSync`), fetched a block at a time: one call
 * into OpenSSL per 4 KiB instead of one per IV or key, which is most of the cost of encrypting a
 * short field. Every byte is handed out exactly once and wiped from the block as it goes, so the
 * pool never holds a copy of a key it produced. Node's own `randomUUID` buffers the same way.
 */
export class RandomPool {
  readonly #block = Buffer.alloc(BLOCK_SIZE);
  #next = BLOCK_SIZE;

  /** Writes `length` (at most 4096) fresh random bytes into `target` at `offset`. */
  fill(target: Buffer, offset: number, length: number): void {
    if (this.#next + length > BLOCK_SIZE) {
      randomFillSync(this.#block);
      this.#next = 0;
    }
    const start = this.#next;
    const end = start + length;
    this.#next = end;
    this.#block.copy(target, offset, start, end);
    this.#block.fill(0, start, end);
  }
}
