import { createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  CiphertextIntegrityError,
  FieldCrypto,
  FieldCryptoError,
  KeyIntegrityError,
  WrongMasterKeyError,
  type SubjectKey,
} from './index';

const masterKey = randomBytes(32);
const blindIndexKey = randomBytes(32);
const fieldCrypto = new FieldCrypto({ masterKey, blindIndexKey });
const EMAIL = 'contact.email';

function flipBit(buffer: Buffer, index: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] ^= 0x01;
  return copy;
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

/** Every way a secret could show up when an object is logged or serialised. */
function renderings(value: unknown): string[] {
  return [
    JSON.stringify(value) ?? '',
    inspect(value),
    inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    String(value),
  ];
}

function expectNoneContains(texts: string[], ...secrets: (string | Buffer)[]): void {
  for (const text of texts) {
    for (const secret of secrets) {
      const forms = typeof secret === 'string' ? [secret] : [secret.toString('hex'), secret.toString('base64')];
      for (const form of forms) if (form !== '') expect(text).not.toContain(form);
    }
  }
}

describe('FieldCrypto construction', () => {
  it.each([
    ['masterKey too short', { masterKey: randomBytes(31), blindIndexKey }],
    ['masterKey too long', { masterKey: randomBytes(33), blindIndexKey }],
    ['masterKey empty', { masterKey: Buffer.alloc(0), blindIndexKey }],
    ['blindIndexKey too short', { masterKey, blindIndexKey: randomBytes(16) }],
    ['blindIndexKey too long', { masterKey, blindIndexKey: randomBytes(64) }],
  ])('rejects %s', (_label, options) => {
    const error = thrown(() => new FieldCrypto(options)) as Error;
    expect(error.message).toMatch(/must be a Buffer of exactly 32 bytes/);
    expectNoneContains([error.message, inspect(error)], options.masterKey, options.blindIndexKey);
  });

  it('rejects keys that are not Buffers', () => {
    const base64 = masterKey.toString('base64');
    const error = thrown(() => new FieldCrypto({ masterKey: base64 as unknown as Buffer, blindIndexKey })) as Error;
    expect(error.message).toMatch(/masterKey must be a Buffer of exactly 32 bytes/);
    expect(error.message).not.toContain(base64);
  });

  it('rejects the same key for both purposes', () => {
    expect(() => new FieldCrypto({ masterKey, blindIndexKey: Buffer.from(masterKey) })).toThrow(/two different keys/);
  });

  it('has a short, stable master key fingerprint that does not depend on the blind index key', () => {
    expect(fieldCrypto.masterKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(new FieldCrypto({ masterKey, blindIndexKey: randomBytes(32) }).masterKeyId).toBe(fieldCrypto.masterKeyId);
    expect(new FieldCrypto({ masterKey: randomBytes(32), blindIndexKey }).masterKeyId).not.toBe(
      fieldCrypto.masterKeyId,
    );
  });

  it('is not affected when the caller later wipes its key buffers', () => {
    const kek = randomBytes(32);
    const bik = randomBytes(32);
    const instance = new FieldCrypto({ masterKey: kek, blindIndexKey: bik });
    const { key, wrapped } = instance.newSubjectKey('s');
    const index = instance.blindIndex('d', 'v');
    kek.fill(0);
    bik.fill(0);
    expect(instance.decrypt(instance.unwrap('s', wrapped), instance.encrypt(key, 'x', EMAIL), EMAIL)).toBe('x');
    expect(instance.blindIndex('d', 'v')).toEqual(index);
  });

  it('does not reveal its keys when logged or serialised', () => {
    expectNoneContains(renderings(fieldCrypto), masterKey, blindIndexKey);
    expect(inspect(fieldCrypto)).toContain(fieldCrypto.masterKeyId);
  });
});

describe('subject keys', () => {
  const subjectId = randomUUID();

  it('wraps a fresh key per call in the documented layout', () => {
    const first = fieldCrypto.newSubjectKey(subjectId);
    const second = fieldCrypto.newSubjectKey(subjectId);
    expect(first.key.subjectId).toBe(subjectId);
    expect(first.wrapped).toHaveLength(1 + 8 + 12 + 16 + 32);
    expect(first.wrapped[0]).toBe(0x01);
    expect(first.wrapped.subarray(1, 9).toString('hex')).toBe(fieldCrypto.masterKeyId);
    expect(first.wrapped.equals(second.wrapped)).toBe(false);
    expect(first.wrapped.subarray(9, 21).equals(second.wrapped.subarray(9, 21))).toBe(false);
    const ciphertext = fieldCrypto.encrypt(first.key, 'x', EMAIL);
    expect(() => fieldCrypto.decrypt(second.key, ciphertext, EMAIL)).toThrow(CiphertextIntegrityError);
  });

  it('unwraps to the same key', () => {
    const { key, wrapped } = fieldCrypto.newSubjectKey(subjectId);
    const unwrapped = fieldCrypto.unwrap(subjectId, wrapped);
    expect(unwrapped.subjectId).toBe(subjectId);
    expect(fieldCrypto.decrypt(unwrapped, fieldCrypto.encrypt(key, 'léa@example.org', EMAIL), EMAIL)).toBe(
      'léa@example.org',
    );
  });

  it('can be unwrapped by another instance with the same master key', () => {
    const { key, wrapped } = fieldCrypto.newSubjectKey(subjectId);
    const other = new FieldCrypto({ masterKey: Buffer.from(masterKey), blindIndexKey: randomBytes(32) });
    const ciphertext = fieldCrypto.encrypt(key, 'same key', EMAIL);
    expect(other.decrypt(other.unwrap(subjectId, wrapped), ciphertext, EMAIL)).toBe('same key');
  });

  it('rejects a key wrapped under another master key', () => {
    const other = new FieldCrypto({ masterKey: randomBytes(32), blindIndexKey });
    const { wrapped } = other.newSubjectKey(subjectId);
    const error = thrown(() => fieldCrypto.unwrap(subjectId, wrapped)) as WrongMasterKeyError;
    expect(error).toBeInstanceOf(WrongMasterKeyError);
    expect(error).toBeInstanceOf(FieldCryptoError);
    expect(error.code).toBe('WRONG_MASTER_KEY');
    expect(error.foundMasterKeyId).toBe(other.masterKeyId);
    expect(error.expectedMasterKeyId).toBe(fieldCrypto.masterKeyId);
    expect(error.message).toMatch(/wrapped with another master key/);
  });

  it.each([
    ['version byte', 0],
    ['IV', 1 + 8],
    ['IV (last byte)', 1 + 8 + 11],
    ['tag', 1 + 8 + 12],
    ['tag (last byte)', 1 + 8 + 12 + 15],
    ['wrapped key', 1 + 8 + 12 + 16],
    ['wrapped key (last byte)', 1 + 8 + 12 + 16 + 31],
  ])('rejects a wrapped key with a flipped bit in the %s', (_label, index) => {
    const { wrapped } = fieldCrypto.newSubjectKey(subjectId);
    const error = thrown(() => fieldCrypto.unwrap(subjectId, flipBit(wrapped, index))) as KeyIntegrityError;
    expect(error).toBeInstanceOf(KeyIntegrityError);
    expect(error.code).toBe('KEY_INTEGRITY');
  });

  it('rejects a wrapped key moved to another subject', () => {
    const { wrapped } = fieldCrypto.newSubjectKey(subjectId);
    expect(() => fieldCrypto.unwrap(randomUUID(), wrapped)).toThrow(KeyIntegrityError);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from([0x01])],
    ['truncated', () => fieldCrypto.newSubjectKey(subjectId).wrapped.subarray(0, 68)],
    ['extended', () => Buffer.concat([fieldCrypto.newSubjectKey(subjectId).wrapped, Buffer.from([0])])],
    [
      'unknown version',
      () => Buffer.concat([Buffer.from([0x02]), fieldCrypto.newSubjectKey(subjectId).wrapped.subarray(1)]),
    ],
    ['not a buffer', 'AQID' as unknown as Buffer],
  ])('rejects a malformed wrapped key (%s) with KeyIntegrityError', (_label, input) => {
    const wrapped = typeof input === 'function' ? input() : input;
    expect(() => fieldCrypto.unwrap(subjectId, wrapped)).toThrow(KeyIntegrityError);
  });

  it('does not reveal key bytes when logged, serialised or spread', () => {
    const { key, wrapped } = fieldCrypto.newSubjectKey(subjectId);
    expect(JSON.parse(JSON.stringify(key))).toEqual({ subjectId });
    expect(inspect(key)).toBe(`SubjectKey { subjectId: "${subjectId}" }`);
    expect(Object.keys(key)).toEqual(['subjectId']);
    expect(Reflect.ownKeys(key)).toEqual(['subjectId']);
    expect({ ...key }).toEqual({ subjectId });
    for (const text of renderings(key)) expect(text).not.toMatch(/[0-9a-f]{64}|SecretKeyObject|KeyObject/);
    expectNoneContains(renderings(key), wrapped);
    expect(Object.isFrozen(key)).toBe(true);
  });

  it('refuses look-alike objects that were not made by FieldCrypto', () => {
    const fake: SubjectKey = { subjectId };
    expect(() => fieldCrypto.encrypt(fake, 'x', EMAIL)).toThrow(TypeError);
    expect(() => fieldCrypto.decrypt(fake, Buffer.alloc(40), EMAIL)).toThrow(TypeError);
  });

  it('requires a subject id', () => {
    expect(() => fieldCrypto.newSubjectKey('')).toThrow(TypeError);
  });
});

describe('encrypt / decrypt', () => {
  const { key } = fieldCrypto.newSubjectKey(randomUUID());

  it.each([
    ['ASCII', 'jane.doe@example.com'],
    ['accents', 'Élodie Lefèvre-Müller, Ångström, São Paulo'],
    ['Arabic', 'مرحبا بالعالم، محمد عبد الله'],
    ['Chinese', '张伟，北京市朝阳区'],
    ['emoji', '👩🏽‍💻 🇫🇷 🎉'],
    ['empty string', ''],
    ['long text', 'x'.repeat(100_000)],
    ['NUL and control characters', 'a\u0000b\nc\td'],
  ])('round-trips %s', (_label, plaintext) => {
    const ciphertext = fieldCrypto.encrypt(key, plaintext, EMAIL);
    expect(ciphertext).toHaveLength(1 + 12 + 16 + Buffer.byteLength(plaintext, 'utf8'));
    expect(ciphertext[0]).toBe(0x01);
    expect(fieldCrypto.decrypt(key, ciphertext, EMAIL)).toBe(plaintext);
  });

  it('does not leave the plaintext visible in the ciphertext', () => {
    const plaintext = 'jane.doe@example.com';
    expect(fieldCrypto.encrypt(key, plaintext, EMAIL).includes(Buffer.from(plaintext))).toBe(false);
  });

  it('encrypts the same plaintext to different ciphertexts', () => {
    // 2,000 IVs span several refills of the random pool (341 IVs per 4 KiB block).
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(fieldCrypto.encrypt(key, 'same', EMAIL).toString('hex'));
    expect(seen.size).toBe(2000);
    const ivs = new Set([...seen].map((hex) => hex.slice(2, 26)));
    expect(ivs.size).toBe(2000);
  });

  it.each([
    ['version byte', 0],
    ['IV', 1],
    ['IV (last byte)', 12],
    ['tag', 13],
    ['tag (last byte)', 28],
    ['body', 29],
    ['body (last byte)', 29 + 'secret@example.org'.length - 1],
  ])('rejects a ciphertext with a flipped bit in the %s', (_label, index) => {
    const ciphertext = fieldCrypto.encrypt(key, 'secret@example.org', EMAIL);
    const error = thrown(() => fieldCrypto.decrypt(key, flipBit(ciphertext, index), EMAIL)) as CiphertextIntegrityError;
    expect(error).toBeInstanceOf(CiphertextIntegrityError);
    expect(error).toBeInstanceOf(FieldCryptoError);
    expect(error.code).toBe('CIPHERTEXT_INTEGRITY');
    expectNoneContains([error.message, inspect(error), JSON.stringify(error)], 'secret@example.org');
  });

  it('rejects a ciphertext whose body was cut or extended', () => {
    const ciphertext = fieldCrypto.encrypt(key, 'secret', EMAIL);
    expect(() => fieldCrypto.decrypt(key, ciphertext.subarray(0, ciphertext.length - 1), EMAIL)).toThrow(
      CiphertextIntegrityError,
    );
    expect(() => fieldCrypto.decrypt(key, Buffer.concat([ciphertext, Buffer.from([0])]), EMAIL)).toThrow(
      CiphertextIntegrityError,
    );
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['version only', Buffer.from([0x01])],
    ['shorter than header', Buffer.alloc(28, 0x01)],
    ['unknown version', Buffer.alloc(40, 0x02)],
    ['not a buffer', 'AQID' as unknown as Buffer],
  ])('rejects a malformed ciphertext (%s) with CiphertextIntegrityError', (_label, ciphertext) => {
    expect(() => fieldCrypto.decrypt(key, ciphertext, EMAIL)).toThrow(CiphertextIntegrityError);
  });

  it('rejects a ciphertext decrypted with another subject key', () => {
    const other = fieldCrypto.newSubjectKey(randomUUID()).key;
    const ciphertext = fieldCrypto.encrypt(key, 'secret', EMAIL);
    expect(() => fieldCrypto.decrypt(other, ciphertext, EMAIL)).toThrow(CiphertextIntegrityError);
  });

  it('rejects a ciphertext swapped into another field', () => {
    const ciphertext = fieldCrypto.encrypt(key, 'secret', EMAIL);
    expect(() => fieldCrypto.decrypt(key, ciphertext, 'contact.phone')).toThrow(CiphertextIntegrityError);
    expect(() => fieldCrypto.decrypt(key, ciphertext, 'contact.emai')).toThrow(CiphertextIntegrityError);
  });

  it('requires a context', () => {
    expect(() => fieldCrypto.encrypt(key, 'x', '')).toThrow(TypeError);
  });

  it('does not reveal the plaintext in integrity errors', () => {
    const plaintext = 'Fatima al-Zahra <fatima@example.org>';
    const ciphertext = fieldCrypto.encrypt(key, plaintext, EMAIL);
    const error = thrown(() => fieldCrypto.decrypt(key, ciphertext, 'contact.name')) as Error;
    expect(error.message).toMatch(/integrity check/);
    expect(error.cause).toBeUndefined();
    expectNoneContains([error.message, error.stack ?? '', inspect(error), JSON.stringify(error)], plaintext, 'fatima');
  });
});

describe('encryptBytes / decryptBytes', () => {
  const PART = 'export.part';
  const { key } = fieldCrypto.newSubjectKey(randomUUID());

  it('round-trips arbitrary bytes, including every byte value and an empty part', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (const plaintext of [all, Buffer.alloc(0), Buffer.alloc(70_000, 0xff)]) {
      const ciphertext = fieldCrypto.encryptBytes(key, plaintext, PART);
      expect(ciphertext).toHaveLength(1 + 12 + 16 + plaintext.length);
      expect(fieldCrypto.decryptBytes(key, ciphertext, PART).equals(plaintext)).toBe(true);
    }
  });

  it('is the same layout as encrypt: a text encrypted as bytes decrypts as text', () => {
    const ciphertext = fieldCrypto.encryptBytes(key, Buffer.from('zoë@example.org', 'utf8'), PART);
    expect(fieldCrypto.decrypt(key, ciphertext, PART)).toBe('zoë@example.org');
  });

  it('refuses another context, an altered part and a non-byte plaintext', () => {
    const ciphertext = fieldCrypto.encryptBytes(key, Buffer.from('part one'), 'export.part.1');
    expect(() => fieldCrypto.decryptBytes(key, ciphertext, 'export.part.2')).toThrow(CiphertextIntegrityError);
    expect(() => fieldCrypto.decryptBytes(key, flipBit(ciphertext, 30), 'export.part.1')).toThrow(
      CiphertextIntegrityError,
    );
    expect(() => fieldCrypto.encryptBytes(key, 'text' as unknown as Buffer, PART)).toThrow(TypeError);
  });
});

describe('encryptJson / decryptJson', () => {
  const { key } = fieldCrypto.newSubjectKey(randomUUID());

  it('round-trips string arrays and records', () => {
    const tags = ['élève', 'طالب', '学生', '🎓'];
    expect(
      fieldCrypto.decryptJson<string[]>(key, fieldCrypto.encryptJson(key, tags, 'contact.tags'), 'contact.tags'),
    ).toEqual(tags);
    const record = { city: 'Zürich', zip: '8001', verified: true, visits: 3, note: null };
    expect(
      fieldCrypto.decryptJson(key, fieldCrypto.encryptJson(key, record, 'contact.address'), 'contact.address'),
    ).toEqual(record);
    expect(fieldCrypto.decryptJson(key, fieldCrypto.encryptJson(key, [], 'contact.tags'), 'contact.tags')).toEqual([]);
  });

  it('checks the context like decrypt', () => {
    const ciphertext = fieldCrypto.encryptJson(key, ['a'], 'contact.tags');
    expect(() => fieldCrypto.decryptJson(key, ciphertext, 'contact.email')).toThrow(CiphertextIntegrityError);
  });

  it('reports a non-JSON plaintext without quoting it', () => {
    const ciphertext = fieldCrypto.encrypt(key, 'jane@example.com', EMAIL);
    const error = thrown(() => fieldCrypto.decryptJson(key, ciphertext, EMAIL)) as Error;
    expect(error).toBeInstanceOf(CiphertextIntegrityError);
    expect(error.message).toMatch(/not JSON/);
    expectNoneContains([error.message, inspect(error)], 'jane');
  });

  it('rejects values without a JSON form', () => {
    expect(() => fieldCrypto.encryptJson(key, undefined as unknown as string, EMAIL)).toThrow(TypeError);
  });
});

describe('blindIndex', () => {
  it('is a deterministic 32-byte HMAC-SHA256 of domain, NUL, value', () => {
    const index = fieldCrypto.blindIndex(EMAIL, 'jane@example.com');
    expect(index).toHaveLength(32);
    expect(fieldCrypto.blindIndex(EMAIL, 'jane@example.com')).toEqual(index);
    const expected = createHmac('sha256', blindIndexKey).update('contact.email\u0000jane@example.com').digest();
    expect(index).toEqual(expected);
  });

  it('is the same for another instance with the same blind index key', () => {
    const other = new FieldCrypto({ masterKey: randomBytes(32), blindIndexKey: Buffer.from(blindIndexKey) });
    expect(other.blindIndex(EMAIL, 'jane@example.com')).toEqual(fieldCrypto.blindIndex(EMAIL, 'jane@example.com'));
  });

  it('differs between values, domains and blind index keys', () => {
    const index = fieldCrypto.blindIndex(EMAIL, 'jane@example.com');
    expect(fieldCrypto.blindIndex(EMAIL, 'jane@example.org')).not.toEqual(index);
    expect(fieldCrypto.blindIndex(EMAIL, 'Jane@example.com')).not.toEqual(index);
    expect(fieldCrypto.blindIndex('contact.phone', 'jane@example.com')).not.toEqual(index);
    const other = new FieldCrypto({ masterKey, blindIndexKey: randomBytes(32) });
    expect(other.blindIndex(EMAIL, 'jane@example.com')).not.toEqual(index);
  });

  it('keeps domain and value apart', () => {
    expect(fieldCrypto.blindIndex('ab', 'c')).not.toEqual(fieldCrypto.blindIndex('a', 'bc'));
    expect(() => fieldCrypto.blindIndex('a\u0000b', 'c')).toThrow(TypeError);
    expect(() => fieldCrypto.blindIndex('', 'c')).toThrow(TypeError);
    expect(fieldCrypto.blindIndex(EMAIL, '')).toHaveLength(32);
  });

  it('is not the raw value or a plain hash of it', () => {
    const index = fieldCrypto.blindIndex(EMAIL, 'jane@example.com').toString('hex');
    expect(index).not.toBe(createHash('sha256').update('jane@example.com').digest('hex'));
  });
});

describe('subjectReference', () => {
  const subjectId = randomUUID();
  const { key, wrapped } = fieldCrypto.newSubjectKey(subjectId);

  it('is stable for one subject key, and differs between values, domains and subjects', () => {
    const reference = fieldCrypto.subjectReference(key, 'contact', subjectId);
    expect(reference).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fieldCrypto.subjectReference(fieldCrypto.unwrap(subjectId, wrapped), 'contact', subjectId)).toBe(reference);
    expect(fieldCrypto.subjectReference(key, 'invitation', subjectId)).not.toBe(reference);
    expect(fieldCrypto.subjectReference(key, 'contact', randomUUID())).not.toBe(reference);
    const otherSubject = fieldCrypto.newSubjectKey(subjectId).key;
    expect(fieldCrypto.subjectReference(otherSubject, 'contact', subjectId)).not.toBe(reference);
  });

  it('cannot be recomputed from the id with any key but the subject key, nor is it a plain hash', () => {
    const reference = fieldCrypto.subjectReference(key, 'contact', subjectId);
    for (const other of [masterKey, blindIndexKey]) {
      expect(createHmac('sha256', other).update(`contact\u0000${subjectId}`).digest('base64url')).not.toBe(reference);
    }
    expect(fieldCrypto.blindIndex('contact', subjectId).toString('base64url')).not.toBe(reference);
    expect(createHash('sha256').update(`contact\u0000${subjectId}`).digest('base64url')).not.toBe(reference);
  });

  it('keeps domain and value apart', () => {
    expect(fieldCrypto.subjectReference(key, 'ab', 'c')).not.toBe(fieldCrypto.subjectReference(key, 'a', 'bc'));
    expect(() => fieldCrypto.subjectReference(key, 'a\u0000b', 'c')).toThrow(TypeError);
    expect(() => fieldCrypto.subjectReference(key, '', 'c')).toThrow(TypeError);
  });
});

describe('formats (as documented in README.md)', () => {
  it('can be read with plain node:crypto', () => {
    const subjectId = randomUUID();
    const { key, wrapped } = fieldCrypto.newSubjectKey(subjectId);
    const ciphertext = fieldCrypto.encrypt(key, 'Zoë 张 👋', EMAIL);

    const kekId = createHmac('sha256', masterKey).update('kek-id').digest().subarray(0, 8);
    expect(wrapped.subarray(0, 9)).toEqual(Buffer.concat([Buffer.from([0x01]), kekId]));
    const wrapKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'survey:field-crypto:subject-key-wrap', 32),
    );
    const unwrap = createDecipheriv('aes-256-gcm', wrapKey, wrapped.subarray(9, 21));
    unwrap.setAAD(Buffer.from(subjectId));
    unwrap.setAuthTag(wrapped.subarray(21, 37));
    const dek = Buffer.concat([unwrap.update(wrapped.subarray(37)), unwrap.final()]);
    expect(dek).toHaveLength(32);

    expect(ciphertext[0]).toBe(0x01);
    const open = createDecipheriv('aes-256-gcm', dek, ciphertext.subarray(1, 13));
    open.setAAD(Buffer.from(EMAIL));
    open.setAuthTag(ciphertext.subarray(13, 29));
    expect(Buffer.concat([open.update(ciphertext.subarray(29)), open.final()]).toString('utf8')).toBe('Zoë 张 👋');

    const referenceKey = Buffer.from(
      hkdfSync('sha256', dek, Buffer.alloc(0), 'survey:field-crypto:subject-reference', 32),
    );
    expect(fieldCrypto.subjectReference(key, 'contact', subjectId)).toBe(
      createHmac('sha256', referenceKey).update(`contact\u0000${subjectId}`).digest('base64url'),
    );
  });
});
