import { randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  CiphertextIntegrityError,
  FieldCrypto,
  FieldCryptoError,
  InMemorySubjectKeyStore,
  KeyIntegrityError,
  Keyring,
  ShreddedKeyError,
  WrongMasterKeyError,
  type SubjectKeyStore,
} from './index';

const EMAIL = 'contact.email';

function setup(masterKey = randomBytes(32)) {
  const fieldCrypto = new FieldCrypto({ masterKey, blindIndexKey: randomBytes(32) });
  const store = new InMemorySubjectKeyStore();
  const calls = { save: 0, load: 0, shred: 0 };
  const counting: SubjectKeyStore = {
    save: (entries) => (calls.save++, store.save(entries)),
    load: (ids) => (calls.load++, store.load(ids)),
    shred: (ids) => (calls.shred++, store.shred(ids)),
  };
  return { fieldCrypto, store, calls, keyring: new Keyring(fieldCrypto, counting) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('Keyring', () => {
  it('creates keys in one store.save and finds them again in one store.load', async () => {
    const { fieldCrypto, keyring, store, calls } = setup();
    const ids = Array.from({ length: 500 }, () => randomUUID());
    const created = await keyring.create(ids);
    expect(calls.save).toBe(1);
    expect(store.size).toBe(500);
    expect([...created.keys()]).toEqual(ids);
    const ciphertexts = ids.map((id) => fieldCrypto.encrypt(created.get(id)!, `${id}@example.org`, EMAIL));

    const loaded = await keyring.keysFor(ids);
    expect(calls.load).toBe(1);
    ids.forEach((id, i) => {
      expect(loaded.get(id)!.subjectId).toBe(id);
      expect(fieldCrypto.decrypt(loaded.get(id)!, ciphertexts[i], EMAIL)).toBe(`${id}@example.org`);
    });
  });

  it('ignores duplicate ids and does not call the store for none', async () => {
    const { keyring, store, calls } = setup();
    const id = randomUUID();
    expect((await keyring.create([id, id])).size).toBe(1);
    expect(store.size).toBe(1);
    expect((await keyring.keysFor([id, id])).size).toBe(1);
    expect(await keyring.create([])).toEqual(new Map());
    expect(await keyring.keysFor([])).toEqual(new Map());
    expect(await keyring.shred([])).toBe(0);
    expect(calls).toEqual({ save: 1, load: 1, shred: 0 });
  });

  it('does not replace an existing key, which would make old data unreadable', async () => {
    const { fieldCrypto, keyring, store } = setup();
    const id = randomUUID();
    const key = await keyring.keyFor((await keyring.create([id])).get(id)!.subjectId);
    const ciphertext = fieldCrypto.encrypt(key, 'kept', EMAIL);
    await expect(keyring.create([randomUUID(), id])).rejects.toThrow(/already has a data key/);
    expect(store.size).toBe(1);
    expect(fieldCrypto.decrypt(await keyring.keyFor(id), ciphertext, EMAIL)).toBe('kept');
  });

  it('shreds keys so that data encrypted before can no longer be decrypted through the keyring', async () => {
    const { fieldCrypto, keyring, store } = setup();
    const [gone, kept] = [randomUUID(), randomUUID()];
    const keys = await keyring.create([gone, kept]);
    const goneCiphertext = fieldCrypto.encrypt(keys.get(gone)!, 'forget-me@example.org', EMAIL);
    const keptCiphertext = fieldCrypto.encrypt(keys.get(kept)!, 'keep-me@example.org', EMAIL);

    expect(await keyring.shred([gone, gone, randomUUID()])).toBe(1);
    expect(await keyring.shred([gone])).toBe(0);
    expect(store.size).toBe(1);

    const error = (await rejection(keyring.keyFor(gone))) as ShreddedKeyError;
    expect(error).toBeInstanceOf(ShreddedKeyError);
    expect(error).toBeInstanceOf(FieldCryptoError);
    expect(error.code).toBe('SHREDDED_KEY');
    expect(error.message).toBe('The data key for this subject has been shredded; the data can no longer be decrypted.');
    expect(error.subjectIds).toEqual([gone]);
    expectNoLeak(error, 'forget-me');

    // The keyring has no other way to the data: a new key for the subject does not open it either.
    const newKey = (await keyring.create([gone])).get(gone)!;
    expect(() => fieldCrypto.decrypt(newKey, goneCiphertext, EMAIL)).toThrow(CiphertextIntegrityError);
    expect(fieldCrypto.decrypt(await keyring.keyFor(kept), keptCiphertext, EMAIL)).toBe('keep-me@example.org');
  });

  it('says how many keys are missing and which', async () => {
    const { keyring } = setup();
    const present = [randomUUID(), randomUUID()];
    const missing = [randomUUID(), randomUUID(), randomUUID()];
    await keyring.create(present);
    const error = (await rejection(keyring.keysFor([...present, ...missing]))) as ShreddedKeyError;
    expect(error).toBeInstanceOf(ShreddedKeyError);
    expect(error.message).toBe(
      'The data keys for 3 subjects have been shredded; their data can no longer be decrypted.',
    );
    expect(error.subjectIds).toEqual(missing);
  });

  it('reports keys wrapped under another master key', async () => {
    const store = new InMemorySubjectKeyStore();
    const id = randomUUID();
    await new Keyring(new FieldCrypto({ masterKey: randomBytes(32), blindIndexKey: randomBytes(32) }), store).create([
      id,
    ]);
    const keyring = new Keyring(new FieldCrypto({ masterKey: randomBytes(32), blindIndexKey: randomBytes(32) }), store);
    await expect(keyring.keyFor(id)).rejects.toBeInstanceOf(WrongMasterKeyError);
  });

  it('reports wrapped keys that were altered or stored under another subject', async () => {
    const { fieldCrypto } = setup();
    const [a, b] = [randomUUID(), randomUUID()];
    const wrappedA = fieldCrypto.newSubjectKey(a).wrapped;
    const swapped: SubjectKeyStore = {
      save: async () => {},
      load: async () => new Map([[b, wrappedA]]),
      shred: async () => 0,
    };
    await expect(new Keyring(fieldCrypto, swapped).keyFor(b)).rejects.toBeInstanceOf(KeyIntegrityError);

    const tampered = Buffer.from(wrappedA);
    tampered[tampered.length - 1] ^= 0x80;
    const altered: SubjectKeyStore = { ...swapped, load: async () => new Map([[a, tampered]]) };
    await expect(new Keyring(fieldCrypto, altered).keyFor(a)).rejects.toBeInstanceOf(KeyIntegrityError);
  });

  it('caches nothing between calls', async () => {
    const { keyring, calls } = setup();
    const id = randomUUID();
    await keyring.create([id]);
    await keyring.keyFor(id);
    await keyring.keyFor(id);
    expect(calls.load).toBe(2);
  });

  it('keys handed out do not reveal their bytes', async () => {
    const masterKey = randomBytes(32);
    const { keyring } = setup(masterKey);
    const id = randomUUID();
    const keys = await keyring.create([id]);
    expect(JSON.stringify([...keys])).toBe(JSON.stringify([[id, { subjectId: id }]]));
    expect(inspect(keys, { breakLength: Infinity })).toBe(`Map(1) { '${id}' => SubjectKey { subjectId: "${id}" } }`);
    expect(inspect(keyring, { depth: Infinity })).not.toContain(masterKey.toString('hex'));
  });
});

describe('InMemorySubjectKeyStore', () => {
  it('saves all or nothing, copies buffers, and shreds', async () => {
    const store = new InMemorySubjectKeyStore();
    const wrapped = Buffer.from([1, 2, 3]);
    await store.save([{ subjectId: 'a', wrapped }]);
    wrapped[0] = 9;
    const loaded = await store.load(['a', 'b']);
    expect([...loaded]).toEqual([['a', Buffer.from([1, 2, 3])]]);
    loaded.get('a')![1] = 9;
    expect((await store.load(['a'])).get('a')).toEqual(Buffer.from([1, 2, 3]));

    await expect(
      store.save([
        { subjectId: 'b', wrapped },
        { subjectId: 'a', wrapped },
      ]),
    ).rejects.toThrow();
    await expect(
      store.save([
        { subjectId: 'c', wrapped },
        { subjectId: 'c', wrapped },
      ]),
    ).rejects.toThrow();
    expect(store.size).toBe(1);

    expect(await store.shred(['a', 'a', 'b'])).toBe(1);
    expect(await store.load(['a'])).toEqual(new Map());
  });
});

function expectNoLeak(error: Error, ...secrets: string[]): void {
  for (const text of [error.message, inspect(error), JSON.stringify(error)]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}
