import { ShreddedKeyError } from './errors';
import type { FieldCrypto } from './field-crypto';
import type { SubjectKey } from './subject-key';
import type { SubjectKeyStore } from './subject-key-store';

/**
 * Data keys of subjects, created, loaded and shredded in batches through a `SubjectKeyStore`.
 * Nothing is cached between calls: a key shredded by one call is gone for the next.
 */
export class Keyring {
  constructor(
    private readonly crypto: FieldCrypto,
    private readonly store: SubjectKeyStore,
  ) {}

  /** New data keys for these subjects (duplicates ignored), wrapped and saved in one `store.save`. */
  async create(subjectIds: string[]): Promise<Map<string, SubjectKey>> {
    const ids = unique(subjectIds);
    const keys = new Map<string, SubjectKey>();
    if (ids.length === 0) return keys;
    const entries = new Array<{ subjectId: string; wrapped: Buffer }>(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const subjectId = ids[i];
      const { key, wrapped } = this.crypto.newSubjectKey(subjectId);
      keys.set(subjectId, key);
      entries[i] = { subjectId, wrapped };
    }
    await this.store.save(entries);
    return keys;
  }

  /**
   * The data keys of these subjects, loaded in one `store.load`.
   * @throws ShreddedKeyError when any of them has no key (shredded or never created)
   * @throws WrongMasterKeyError, KeyIntegrityError from `FieldCrypto.unwrap`
   */
  async keysFor(subjectIds: string[]): Promise<Map<string, SubjectKey>> {
    const ids = unique(subjectIds);
    const keys = new Map<string, SubjectKey>();
    if (ids.length === 0) return keys;
    const wrappedKeys = await this.store.load(ids);
    const missing = ids.filter((id) => !wrappedKeys.has(id));
    if (missing.length > 0) throw new ShreddedKeyError(missing);
    for (const subjectId of ids) keys.set(subjectId, this.crypto.unwrap(subjectId, wrappedKeys.get(subjectId)!));
    return keys;
  }

  /** The data key of one subject; see `keysFor`. */
  async keyFor(subjectId: string): Promise<SubjectKey> {
    const keys = await this.keysFor([subjectId]);
    return keys.get(subjectId)!;
  }

  /**
   * Deletes the data keys of these subjects: everything encrypted under them becomes unreadable
   * for good. Returns how many existed.
   */
  async shred(subjectIds: string[]): Promise<number> {
    const ids = unique(subjectIds);
    return ids.length === 0 ? 0 : this.store.shred(ids);
  }
}

function unique(ids: string[]): string[] {
  const set = new Set(ids);
  return set.size === ids.length ? ids : [...set];
}
