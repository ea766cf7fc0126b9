import { compositionRefusalDetail } from './publication.service';

const figure = { figure: 'Country: Chile' };

describe('the sentence of a composition refusal', () => {
  it('names the earlier reports involved', () => {
    const detail = compositionRefusalDetail(
      [
        {
          key: 'a',
          publications: [
            { id: '1', title: 'Spring 2026' },
            { id: '2', title: 'Summer 2026' },
          ],
        },
      ],
      [figure],
      5,
    );
    expect(detail).toContain('Together with “Spring 2026”, “Summer 2026”, this report');
    expect(detail).toContain('fewer than 5 respondents');
    expect(detail).toContain('Country: Chile');
  });

  it('says the report conflicts with itself when no earlier report is involved, never "Together with ,"', () => {
    const detail = compositionRefusalDetail([{ key: 'a', publications: [] }], [figure], 5);
    expect(detail).not.toMatch(/Together with\s*,/);
    expect(detail).not.toContain('“”');
    expect(detail).toContain("this report's own figures");
    expect(detail).toContain('Country: Chile');
  });

  it('names a deleted population without an empty list of titles', () => {
    expect(compositionRefusalDetail([{ key: 'deleted', publications: [] }], [], 5)).toMatch(
      /^Responses counted by a report published earlier have been deleted/,
    );
    expect(compositionRefusalDetail([{ key: 'deleted', publications: [{ id: '1', title: 'Q1' }] }], [], 5)).toMatch(
      /^Responses counted by “Q1” have been deleted/,
    );
  });

  it('lists at most three figures, then an ellipsis', () => {
    const many = ['A', 'B', 'C', 'D'].map((f) => ({ figure: f }));
    const detail = compositionRefusalDetail([{ key: 'a', publications: [{ id: '1', title: 'T' }] }], many, 5);
    expect(detail).toContain('(A; B; C; …)');
  });
});
