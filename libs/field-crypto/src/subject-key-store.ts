/**
 * Where wrapped data keys live (the API: `keystore.subject_keys`). Wrapped keys are useless
 * without the master key, but deleting one is what shreds a subject's data, so `shred` must
 * really delete (no soft delete, no copy kept elsewhere).
 */
export interface SubjectKeyStore {
  /**
   * Inserts all entries or none. Must fail, not overwrite, when a subject already has a key:
   * replacing a key makes the data encrypted under the old one unreadable.
   */
  save(entries: { subjectId: string; wrapped: Buffer }[]): Promise<void>;
  /** Wrapped keys by subject id; ids without a key are absent from the map. */
  load(subjectIds: string[]): Promise<Map<string, Buffer>>;
  /** Deletes the keys of these subjects; returns how many existed. */
  shred(subjectIds: string[]): Promise<number>;
}

/** A `SubjectKeyStore` in process memory, for unit tests and tools. Copies buffers in and out. */
export class InMemorySubjectKeyStore implements SubjectKeyStore {
  readonly #keys = new Map<string, Buffer>();

  /** How many subjects have a key. */
  get size(): number {
    return this.#keys.size;
  }

  async save(entries: { subjectId: string; wrapped: Buffer }[]): Promise<void> {
    const seen = new Set<string>();
    for (const { subjectId } of entries) {
      if (this.#keys.has(subjectId) || seen.has(subjectId)) {
        throw new Error(`InMemorySubjectKeyStore: subject ${subjectId} already has a data key.`);
      }
      seen.add(subjectId);
    }
    for (const { subjectId, wrapped } of entries) this.#keys.set(subjectId, Buffer.from(wrapped));
  }

  async load(subjectIds: string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const subjectId of subjectIds) {
      const wrapped = this.#keys.get(subjectId);
      if (wrapped) found.set(subjectId, Buffer.from(wrapped));
    }
    return found;
  }

  async shred(subjectIds: string[]): Promise<number> {
    let deleted = 0;
    for (const subjectId of new Set(subjectIds)) {
      const wrapped = this.#keys.get(subjectId);
      if (!wrapped) continue;
      wrapped.fill(0);
      this.#keys.delete(subjectId);
      deleted++;
    }
    return deleted;
  }
}
