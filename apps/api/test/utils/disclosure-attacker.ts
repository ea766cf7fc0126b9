/**
 * An attacker who holds every published report of a survey and reasons exactly: an independent
 * checker for the publication check, written without any of its code. It knows which atoms (parts
 * of the populations) exist and how many respondents' attributes could fall in each, and treats
 * every published figure as a linear equation over the unknown counts of respondents per atom and
 * per combination of attributes and answers. For each group of 1..k-1 respondents (any union of
 * atoms, any demographic group, any answer or answer class), it asks an integer program (HiGHS)
 * for the least and the largest count consistent with everything published: equal means the
 * reports give that count away. Likewise, a group in which everyone gave the same answer must not
 * be certain to have done so.
 */
import type { StatisticsItem } from '../../src/statistics/items';
import type { CountCellDto, QuestionMetricsDto, SurveyStatisticsDto } from '../../src/statistics/statistics.dto';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadHighs = require('highs') as () => Promise<{
  solve(model: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number };
}>;

export interface AttackedRespondent {
  country: string;
  segment: string;
  /** Per item, the chosen option's index, or null. */
  answers: (number | null)[];
}

export interface AttackedPublication<R extends AttackedRespondent = AttackedRespondent> {
  /** Who the report counted. */
  counts: (respondent: R) => boolean;
  content: SurveyStatisticsDto;
}

export interface Disclosure {
  kind: 'count' | 'unanimous';
  slice: number[];
  group: string;
  value: number;
}

interface Cell {
  country: string;
  segment: string;
  answers: (number | null)[];
}

type Term = [variable: number, coefficient: number];

let highs: Awaited<ReturnType<typeof loadHighs>> | undefined;

/** Every disclosure an attacker holding all these publications can make (empty when none). */
export async function disclosures<R extends AttackedRespondent>(
  respondents: R[],
  items: StatisticsItem[],
  publications: AttackedPublication<R>[],
  k: number,
): Promise<Disclosure[]> {
  highs ??= await loadHighs();
  const countries = [...new Set(respondents.map((r) => r.country))].sort();
  const segments = [...new Set(respondents.map((r) => r.segment))].sort();
  // Every combination of attributes and answers a respondent could have.
  let cells: Cell[] = [];
  for (const country of countries) for (const segment of segments) cells.push({ country, segment, answers: [] });
  items.forEach((item) => {
    const next: Cell[] = [];
    for (const cell of cells) {
      for (const answer of [null, ...item.options.map((_, i) => i)])
        next.push({ ...cell, answers: [...cell.answers, answer] });
    }
    cells = next;
  });
  // Atoms: the respondents' membership signatures (an empty part holds no respondent and is not an atom).
  const signatureOf = (r: R) => publications.map((p) => (p.counts(r) ? '1' : '0')).join('');
  const atoms = [...new Set(respondents.map(signatureOf))].filter((s) => s.includes('1')).sort();
  const variable = (atom: number, cell: number) => atom * cells.length + cell;
  const variables = atoms.length * cells.length;

  const equalities: { terms: Term[]; value: number }[] = [];
  const atLeastOne: Term[][] = [];
  publications.forEach((publication, p) => {
    const inside = atoms.map((signature, a) => (signature[p] === '1' ? a : -1)).filter((a) => a >= 0);
    const terms = (matches: (cell: Cell) => boolean, weight: (cell: Cell) => number = () => 1): Term[] => {
      const result: Term[] = [];
      for (const a of inside) {
        cells.forEach((cell, c) => {
          if (matches(cell)) result.push([variable(a, c), weight(cell)]);
        });
      }
      return result;
    };
    const count = (published: CountCellDto, matches: (cell: Cell) => boolean) => {
      if (published.value !== null) equalities.push({ terms: terms(matches), value: published.value });
      else if (published.suppressed === 'primary' || published.suppressed === 'complementary') {
        atLeastOne.push(terms(matches));
      }
    };
    const metrics = (figures: QuestionMetricsDto, index: number, group: (cell: Cell) => boolean) => {
      if (figures.n === null) return;
      const item = items[index];
      const answered = (cell: Cell) => group(cell) && cell.answers[index] !== null;
      const n = figures.n;
      equalities.push({ terms: terms(answered), value: n });
      if (item.type !== 'rating' || n === 0) return;
      const valueOf = (cell: Cell) => item.options[cell.answers[index]!].value as number;
      if (figures.mean) {
        equalities.push({ terms: terms(answered, valueOf), value: Math.round(figures.mean.value * n) });
        const squares = figures.mean.standardDeviation ** 2 * (n - 1) + n * figures.mean.value ** 2;
        equalities.push({ terms: terms(answered, (cell) => valueOf(cell) ** 2), value: Math.round(squares) });
      }
      if (figures.topTwoBox !== undefined && figures.topTwoBox !== null) {
        const top = item.options
          .map((o) => o.value as number)
          .sort((a, b) => b - a)
          .slice(0, 2);
        equalities.push({
          terms: terms((cell) => answered(cell) && top.includes(valueOf(cell))),
          value: Math.round(figures.topTwoBox * n),
        });
      }
      if (figures.nps) {
        equalities.push({
          terms: terms((c) => answered(c) && valueOf(c) >= 9),
          value: Math.round(figures.nps.promoters * n),
        });
        equalities.push({
          terms: terms((c) => answered(c) && valueOf(c) <= 6),
          value: Math.round(figures.nps.detractors * n),
        });
      }
    };
    const { content } = publication;
    count(content.population.responses, () => true);
    for (const breakdown of content.breakdowns) {
      const dimension = breakdown.dimension as 'country' | 'segment';
      for (const group of breakdown.groups) {
        const inGroup = (cell: Cell) => cell[dimension] === group.value;
        count(group.respondents, inGroup);
        items.forEach((item, index) => {
          const figures = group.items[item.name];
          if (figures) metrics(figures, index, inGroup);
        });
      }
    }
    for (const crosstab of content.crosstabs) {
      const rows = crosstab.rows as 'country' | 'segment';
      const columns = crosstab.columns as 'country' | 'segment';
      crosstab.rowValues.forEach((row, r) => {
        count(crosstab.rowTotals[r], (cell) => cell[rows] === row.value);
        crosstab.columnValues.forEach((column, c) => {
          const inCell = (cell: Cell) => cell[rows] === row.value && cell[columns] === column.value;
          count(crosstab.cells[r][c], inCell);
          for (const crossItem of crosstab.items) {
            const index = items.findIndex((item) => item.name === crossItem.name);
            metrics(crossItem.cells[r][c], index, inCell);
          }
        });
      });
      crosstab.columnValues.forEach((column, c) =>
        count(crosstab.columnTotals[c], (cell) => cell[columns] === column.value),
      );
    }
    content.items.forEach((published, index) => {
      metrics(published.overall, index, () => true);
      published.distribution.forEach((entry, option) =>
        count({ value: entry.count, suppressed: entry.suppressed }, (cell) => cell.answers[index] === option),
      );
    });
  });

  const name = (v: number) => `v${v}`;
  const expression = (terms: Term[]) =>
    terms.length === 0 ? '0 v0' : terms.map(([v, c]) => `${c >= 0 ? '+' : '-'} ${Math.abs(c)} ${name(v)}`).join(' ');
  const constraintText = [
    ...equalities.map((e, i) => ` e${i}: ${expression(e.terms)} = ${e.value}`),
    ...atLeastOne.map((terms, i) => ` p${i}: ${expression(terms)} >= 1`),
  ].join('\n');
  const integers = Array.from({ length: variables }, (_, v) => name(v)).join(' ');
  const solve = (sense: 'Minimize' | 'Maximize', objective: Term[], integer: boolean): number => {
    const model =
      `${sense}\n obj: ${expression(objective)}\nSubject To\n${constraintText}\nBounds\n` +
      `${Array.from({ length: variables }, (_, v) => ` ${name(v)} >= 0`).join('\n')}\n` +
      `${integer ? `General\n ${integers}\n` : ''}End`;
    const result = highs!.solve(model);
    if (result.Status !== 'Optimal') throw new Error(`the attacker's program is ${result.Status}`);
    return result.ObjectiveValue;
  };
  const determined = (objective: Term[]): boolean =>
    Math.round(solve('Minimize', objective, true)) === Math.round(solve('Maximize', objective, true));

  // The groups at stake: every union of atoms, by every demographic group, by every answer.
  // Unions of countries (and of segments) too: groups withheld together are a group by difference.
  const subsets = <T>(values: T[]): T[][] =>
    Array.from({ length: (1 << values.length) - 1 }, (_, m) => values.filter((_, i) => (m + 1) & (1 << i)));
  const demographic: { name: string; matches: (cell: Cell | AttackedRespondent) => boolean }[] = [];
  for (const someCountries of subsets(countries)) {
    for (const someSegments of subsets(segments)) {
      demographic.push({
        name: `country=${someCountries.join('+')}, segment=${someSegments.join('+')}`,
        matches: (x) => someCountries.includes(x.country) && someSegments.includes(x.segment),
      });
    }
  }
  const answersOf: { name: string; matches: (answers: (number | null)[]) => boolean }[] = [
    { name: 'anyone', matches: () => true },
  ];
  items.forEach((item, index) => {
    answersOf.push({ name: `${item.name} answered`, matches: (a) => a[index] !== null });
    item.options.forEach((_, option) =>
      answersOf.push({ name: `${item.name}=${option}`, matches: (a) => a[index] === option }),
    );
    if (item.type === 'rating') {
      // The classes groups are shown by: the two highest points, and (NPS) promoters and detractors.
      const values = item.options.map((option) => option.value as number);
      const top = [...values].sort((a, b) => b - a).slice(0, 2);
      const classes: [string, (value: number) => boolean][] =
        item.ratingKind === 'nps'
          ? [
              ['detractors', (v) => v <= 6],
              ['promoters', (v) => v >= 9],
            ]
          : [['top two', (v) => top.includes(v)]];
      for (const [name, inClass] of classes) {
        answersOf.push({
          name: `${item.name} ${name}`,
          matches: (a) => a[index] !== null && inClass(values[a[index]!]),
        });
      }
    }
  });

  const found: Disclosure[] = [];
  const atomOf = new Map(respondents.map((r) => [r, atoms.indexOf(signatureOf(r))]));
  for (let mask = 1; mask < 1 << atoms.length; mask += 1) {
    const slice = atoms.map((_, a) => a).filter((a) => mask & (1 << a));
    const members = respondents.filter((r) => slice.includes(atomOf.get(r)!));
    for (const group of demographic) {
      const inGroup = members.filter((r) => group.matches(r));
      for (const answer of answersOf) {
        const truth = inGroup.filter((r) => answer.matches(r.answers)).length;
        if (truth < 1 || truth >= k) continue;
        const objective: Term[] = [];
        for (const a of slice) {
          cells.forEach((cell, c) => {
            if (group.matches(cell) && answer.matches(cell.answers)) objective.push([variable(a, c), 1]);
          });
        }
        if (determined(objective))
          found.push({ kind: 'count', slice, group: `${group.name}, ${answer.name}`, value: truth });
      }
      items.forEach((item, index) => {
        const answered = inGroup.filter((r) => r.answers[index] !== null);
        if (answered.length === 0) return;
        const option = answered[0].answers[index];
        if (!answered.every((r) => r.answers[index] === option)) return;
        // Everyone who answered gave the same answer: certain only if no other answer is possible.
        const others: Term[] = [];
        for (const a of slice) {
          cells.forEach((cell, c) => {
            if (group.matches(cell) && cell.answers[index] !== null && cell.answers[index] !== option) {
              others.push([variable(a, c), 1]);
            }
          });
        }
        const answeredTerms: Term[] = [];
        for (const a of slice) {
          cells.forEach((cell, c) => {
            if (group.matches(cell) && cell.answers[index] !== null) answeredTerms.push([variable(a, c), 1]);
          });
        }
        if (Math.round(solve('Maximize', others, true)) === 0) {
          if (Math.round(solve('Minimize', answeredTerms, true)) >= 1) {
            found.push({ kind: 'unanimous', slice, group: `${group.name}, ${item.name}`, value: answered.length });
          }
        }
      });
    }
  }
  return found;
}
