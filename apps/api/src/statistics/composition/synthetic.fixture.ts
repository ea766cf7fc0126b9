import type { StatisticsItem } from '../items';
import {
  countLayout,
  type AtomTallies,
  type GroupTally,
  type RolledUpTallies,
  type Rollups,
} from '../statistics-tallies';
import type { Dimension } from '../statistics.dto';

/** A made-up respondent for the publication check's tests: when, which campaign, who, what answers. */
export interface SyntheticRespondent {
  time: number;
  campaign: string;
  country: string;
  segment: string;
  /** Per item, the index of the option chosen, or null when not answered. */
  answers: (number | null)[];
}

/** A satisfaction rating (1–5) and a yes/no question, as statistics see them. */
export function syntheticItems(): StatisticsItem[] {
  return [
    {
      name: 'satisfaction',
      path: ['satisfaction'],
      type: 'rating',
      ratingKind: 'satisfaction',
      multiple: false,
      title: { en: 'Satisfaction' },
      options: [1, 2, 3, 4, 5].map((value) => ({ value, text: { en: String(value) } })),
    },
    {
      name: 'recommend',
      path: ['recommend'],
      type: 'boolean',
      multiple: false,
      title: { en: 'Would recommend' },
      options: [
        { value: true, text: { en: 'Yes' } },
        { value: false, text: { en: 'No' } },
      ],
    },
  ];
}

function emptyTally(width: number): GroupTally {
  return { respondents: 0, counts: new Array<number>(width).fill(0), firstSubmittedAt: null, lastSubmittedAt: null };
}

function add(target: GroupTally, respondent: SyntheticRespondent, items: StatisticsItem[]): void {
  const layout = countLayout(items);
  target.respondents += 1;
  respondent.answers.forEach((answer, index) => {
    if (answer === null || index >= items.length) return;
    target.counts[layout.offsets[index]] += 1;
    target.counts[layout.offsets[index] + 1 + answer] += 1;
  });
}

function valueOf(respondent: SyntheticRespondent, dimension: Dimension): string {
  if (dimension === 'country') return respondent.country;
  if (dimension === 'segment') return respondent.segment;
  return '';
}

/** The tallies of these respondents, as the statistics query would roll them up. */
export function talliesOf(
  respondents: SyntheticRespondent[],
  items: StatisticsItem[],
  rollups: Rollups,
): RolledUpTallies {
  const width = countLayout(items).width;
  const tallies: RolledUpTallies = {
    overall: emptyTally(width),
    byDimension: new Map(rollups.dimensions.map((d) => [d, new Map()])),
    crosstabs: rollups.crosstabs.map(() => new Map()),
  };
  const slot = (map: Map<string, GroupTally>, key: string) => {
    let tally = map.get(key);
    if (!tally) {
      tally = emptyTally(width);
      map.set(key, tally);
    }
    return tally;
  };
  for (const respondent of respondents) {
    add(tallies.overall, respondent, items);
    for (const dimension of rollups.dimensions) {
      add(slot(tallies.byDimension.get(dimension)!, valueOf(respondent, dimension)), respondent, items);
    }
    rollups.crosstabs.forEach((crosstab, index) => {
      const rows = tallies.crosstabs[index];
      let cells = rows.get(valueOf(respondent, crosstab.rows));
      if (!cells) {
        cells = new Map();
        rows.set(valueOf(respondent, crosstab.rows), cells);
      }
      add(slot(cells, valueOf(respondent, crosstab.columns)), respondent, items);
    });
  }
  return tallies;
}

/** The atoms of several populations (each a predicate), with their tallies. */
export function atomsOf(
  respondents: SyntheticRespondent[],
  populations: ((respondent: SyntheticRespondent) => boolean)[],
  items: StatisticsItem[],
  rollups: Rollups,
): AtomTallies[] {
  const groups = new Map<string, { signature: boolean[]; members: SyntheticRespondent[] }>();
  for (const respondent of respondents) {
    const signature = populations.map((inPopulation) => inPopulation(respondent));
    if (!signature.some(Boolean)) continue;
    const id = signature.map((bit) => (bit ? '1' : '0')).join('');
    let group = groups.get(id);
    if (!group) {
      group = { signature, members: [] };
      groups.set(id, group);
    }
    group.members.push(respondent);
  }
  return [...groups.values()].map(({ signature, members }) => ({
    signature,
    tallies: talliesOf(members, items, rollups),
  }));
}

/** A report asked for in a test: which respondents it counts, and what it shows. */
export interface SyntheticRequest {
  title: string;
  campaign: string | null;
  from: number | null;
  to: number | null;
  breakdowns: Dimension[];
  crosstab: { rows: Dimension; columns: Dimension } | null;
}

export function inPopulation(request: SyntheticRequest): (respondent: SyntheticRespondent) => boolean {
  return (respondent) =>
    (request.campaign === null || respondent.campaign === request.campaign) &&
    (request.from === null || respondent.time >= request.from) &&
    (request.to === null || respondent.time < request.to);
}

export function requestsOverlap(a: SyntheticRequest, b: SyntheticRequest): boolean {
  if (a.campaign !== null && b.campaign !== null && a.campaign !== b.campaign) return false;
  return Math.max(a.from ?? -Infinity, b.from ?? -Infinity) < Math.min(a.to ?? Infinity, b.to ?? Infinity);
}
