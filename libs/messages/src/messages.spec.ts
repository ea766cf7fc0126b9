import { catalogueKeyDifferences, escapeHtml, messageKeys, type Catalogue } from '.';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('escapes an ampersand once, so an entity in the text is shown as written', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves other text, including non-Latin scripts, as it is', () => {
    expect(escapeHtml('Enquête « été » – 调查 – استطلاع')).toBe('Enquête « été » – 调查 – استطلاع');
  });
});

describe('messageKeys', () => {
  it('lists the path of every leaf, sorted, walking nested objects only', () => {
    const keys = messageKeys({ b: 'x', a: { c: (n: number) => `${n}`, d: ['p', 'q'] } });
    expect(keys).toEqual(['a.c', 'a.d', 'b']);
  });
});

describe('catalogueKeyDifferences', () => {
  it('is empty when every language has the same keys', () => {
    const catalogue: Catalogue<{ hello: string }, 'en' | 'fr'> = { en: { hello: 'Hello' }, fr: { hello: 'Bonjour' } };
    expect(catalogueKeyDifferences(catalogue, 'en')).toEqual({});
  });

  it('names the keys a language lacks or adds', () => {
    const catalogue = { en: { a: 'A', b: { c: 'C' } }, fr: { a: 'A', b: { d: 'D' } } };
    expect(catalogueKeyDifferences(catalogue, 'en')).toEqual({ fr: { missing: ['b.c'], extra: ['b.d'] } });
  });

  it('does not compile when a language or a key is missing', () => {
    // @ts-expect-error -- the French text lacks `hello`.
    const missingKey: Catalogue<{ hello: string }, 'en' | 'fr'> = { en: { hello: 'Hello' }, fr: {} };
    // @ts-expect-error -- French is missing.
    const missingLanguage: Catalogue<{ hello: string }, 'en' | 'fr'> = { en: { hello: 'Hello' } };
    expect([missingKey, missingLanguage]).toHaveLength(2);
  });
});
