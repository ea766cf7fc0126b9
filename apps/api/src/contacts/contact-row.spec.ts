import { validateContactRow } from './contact-row';

const TODAY = new Date('2026-11-27T10:00:00Z');
const VALID = {
  full_name: 'Amélie Durand',
  email: 'amelie@example.fr',
  country_code: 'FR',
  segment: 'applicant',
  platform: 'ePCT',
};

function fieldsRefused(row: Record<string, unknown>): string[] {
  const result = validateContactRow(row, TODAY);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('validateContactRow', () => {
  it('normalises a valid row: trimmed, cased, deduplicated', () => {
    const result = validateContactRow(
      {
        ...VALID,
        full_name: '  Amélie Durand ',
        email: ' Amelie@Example.FR ',
        country_code: 'fr',
        segment: ' Applicant ',
        ir_numbers: '1234567; 1234567;7654321',
        preferred_language: 'AR',
      },
      TODAY,
    );
    expect(result).toEqual({
      ok: true,
      warnings: [],
      contact: {
        name: 'Amélie Durand',
        email: 'amelie@example.fr',
        country: 'FR',
        segment: 'applicant',
        registrationNumbers: ['1234567', '7654321'],
        role: null,
        relationshipSince: null,
        platform: 'ePCT',
        language: 'ar',
      },
    });
  });

  it.each([
    ['a quoted local part', { email: '"a b"@example.org' }, 'email'],
    ['a display name', { email: 'Amélie <a@example.org>' }, 'email'],
    ['two addresses', { email: 'a@example.org,b@example.org' }, 'email'],
    ['no domain dot', { email: 'a@localhost' }, 'email'],
    ['a three-letter country', { country_code: 'FRA' }, 'country_code'],
    ['an unassigned country code', { country_code: 'ZZ' }, 'country_code'],
    ['a trailing separator', { ir_numbers: '1234567;' }, 'ir_numbers'],
    ['a five-digit number', { ir_numbers: '12345' }, 'ir_numbers'],
    ['a February 30th', { customer_since: '2021-02-30' }, 'customer_since'],
    ['tomorrow', { customer_since: '2026-11-28' }, 'customer_since'],
    ['a negative length', { customer_since: '', relationship_years: '-2' }, 'relationship_years'],
    ['a 201-character role', { role: 'r'.repeat(201) }, 'role'],
    ['a blank platform', { platform: '   ' }, 'platform'],
    ['a name that is not text', { full_name: { first: 'A' } }, 'full_name'],
  ])('refuses %s', (_what, change, field) => {
    expect(fieldsRefused({ ...VALID, ...change })).toEqual([field]);
  });

  it('counts a 200-character name in characters, not bytes', () => {
    expect(fieldsRefused({ ...VALID, full_name: '李'.repeat(200) })).toEqual([]);
    expect(fieldsRefused({ ...VALID, full_name: '李'.repeat(201) })).toEqual(['full_name']);
  });

  it('takes the relationship length in years when no start date is given', () => {
    const result = validateContactRow({ ...VALID, relationship_years: '3' }, TODAY);
    expect(result.ok && result.contact.relationshipSince).toBe('2023-11-27');
    const today = validateContactRow({ ...VALID, customer_since: '2026-11-27' }, TODAY);
    expect(today.ok && today.contact.relationshipSince).toBe('2026-11-27');
  });

  it('falls back to English with a warning, never an error, for another language', () => {
    const result = validateContactRow({ ...VALID, preferred_language: 'ko' }, TODAY);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([{ field: 'preferred_language', reason: expect.stringMatching(/en is used/) }]);
  });

  it('reports every problem of a row at once, never quoting a value', () => {
    const result = validateContactRow({ email: 'secret-value', country_code: 'Q9', segment: 'customer' }, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['full_name', 'email', 'country_code', 'segment', 'platform']);
    expect(JSON.stringify(result)).not.toMatch(/secret-value|Q9|customer"/);
  });
});
