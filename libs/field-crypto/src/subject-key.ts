import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * The data key (DEK) of one data subject, as handed out by `FieldCrypto`. Only the subject id is
 * visible: the key bytes live outside the object, so JSON.stringify, util.inspect, spreading and
 * structured logging cannot reveal them.
 */
export interface SubjectKey {
  readonly subjectId: string;
}

const material = new WeakMap<SubjectKey, KeyObject>();

class OpaqueSubjectKey implements SubjectKey {
  constructor(readonly subjectId: string) {
    Object.freeze(this);
  }

  toJSON(): { subjectId: string } {
    return { subjectId: this.subjectId };
  }

  [inspect.custom](): string {
    return `SubjectKey { subjectId: ${JSON.stringify(this.subjectId)} }`;
  }
}

/** @internal Binds key material to a new opaque handle. */
export function makeSubjectKey(subjectId: string, key: KeyObject): SubjectKey {
  const handle = new OpaqueSubjectKey(subjectId);
  material.set(handle, key);
  return handle;
}

/** @internal The key material of a handle made by `makeSubjectKey`. */
export function keyMaterial(key: SubjectKey): KeyObject {
  const found = material.get(key);
  if (!found) throw new TypeError('Expected a SubjectKey obtained from FieldCrypto or Keyring.');
  return found;
}
