import { relationshipBand } from './relationship-band';

describe('relationshipBand', () => {
  const at = new Date('2026-06-15T12:00:00Z');

  it.each([
    ['2026-01-01', 'under-1y'],
    ['2025-06-16', 'under-1y'],
    ['2025-06-15', '1-3y'],
    ['2023-06-16', '1-3y'],
    ['2023-06-15', '3-5y'],
    ['2021-06-15', '5-10y'],
    ['2016-06-16', '5-10y'],
    ['2016-06-15', '10y-plus'],
    ['1990-02-01', '10y-plus'],
  ])('a relationship since %s is %s', (since, band) => {
    expect(relationshipBand(since, at)).toBe(band);
  });

  it('is unknown without a date, with a malformed one, or with one in the future', () => {
    expect(relationshipBand(null, at)).toBe('unknown');
    expect(relationshipBand('last year', at)).toBe('unknown');
    expect(relationshipBand('2027-01-01', at)).toBe('unknown');
  });
});
