import type { StatisticsItem } from '../items';
import { sumTallies, type AtomTallies, type Rollups } from '../statistics-tallies';
import type { Dimension } from '../statistics.dto';
import { planPublication, type Atom, type Conflict, type EarlierPublication, type WithheldReason } from './plan';
import { keys, keysOf, PublicationTables, publicationShape, type PublicationShape } from './tables';

/** An earlier publication as the check needs it. */
export interface LedgerRecord {
  id: string;
  title: string;
  /** Responses it counted when published. */
  responses: number;
  breakdowns: Dimension[];
  crosstab: { rows: Dimension; columns: Dimension } | null;
  /** The keys of every figure it showed. */
  published: ReadonlySet<string>;
  /** Whether its population can share responses with the new one's. */
  overlaps: boolean;
}

export interface NewPublication {
  breakdowns: Dimension[];
  crosstab: { rows: Dimension; columns: Dimension } | null;
}

/** The shape every publication of a survey is checked in: all breakdowns shown so far, and its one crosstab. */
export function ledgerShape(
  k: number,
  items: StatisticsItem[],
  request: NewPublication,
  ledger: LedgerRecord[],
): { shape: PublicationShape; rollups: Rollups } | { crosstabConflict: LedgerRecord } {
  const crosstabs = new Map<string, { rows: Dimension; columns: Dimension }>();
  for (const spec of [...ledger.map((entry) => entry.crosstab), request.crosstab]) {
    if (spec) crosstabs.set(`${spec.rows}:${spec.columns}`, spec);
  }
  if (crosstabs.size > 1) return { crosstabConflict: ledger.find((entry) => entry.crosstab)! };
  const crosstab = crosstabs.size === 1 ? [...crosstabs.values()][0] : null;
  const dimensions = new Set<Dimension>(request.breakdowns);
  for (const entry of ledger) for (const dimension of entry.breakdowns) dimensions.add(dimension);
  const shape = publicationShape(k, items, [...dimensions], crosstab);
  return { shape, rollups: { dimensions: shape.dimensions, crosstabs: crosstab ? [crosstab] : [] } };
}

export type Composition =
  | { kind: 'ok'; report: PublicationTables; shown: Set<string>; withheld: Map<string, WithheldReason> }
  | { kind: 'tooSmall' }
  | { kind: 'refused'; conflicts: Conflict[] };

/**
 * The publication check, given the atoms of the new population and the ledger's (bit 0 of a
 * signature: in the new population; bit i + 1: in ledger entry i). Pure: the service reads the
 * atoms from PostgreSQL, the property tests make them up.
 */
export function compose(
  shape: PublicationShape,
  rollups: Rollups,
  request: NewPublication,
  ledger: LedgerRecord[],
  atoms: AtomTallies[],
): Composition {
  // Responses an earlier report counted and that are gone since (erased, expired) could sit in any
  // part of its population that the new report splits off, and nothing is known of them now.
  const deleted: Conflict[] = [];
  ledger.forEach((entry, i) => {
    if (!entry.overlaps) return;
    const live = atoms.reduce((sum, atom) => sum + (atom.signature[i + 1] ? atom.tallies.overall.respondents : 0), 0);
    if (live < entry.responses) {
      deleted.push({
        key: 'deleted',
        kind: 'small',
        publications: [{ id: entry.id, title: entry.title }],
        part: 'earlierOnly',
      });
    }
  });
  if (deleted.length > 0) return { kind: 'refused', conflicts: deleted };

  const own = atoms.filter((atom) => atom.signature[0]);
  const report = new PublicationTables(
    shape,
    sumTallies(
      own.map((atom) => atom.tallies),
      rollups,
      shape.layout.width,
    ),
  );
  if (report.population < shape.k) return { kind: 'tooSmall' };
  const earlier: EarlierPublication[] = ledger.map(({ id, title, published }) => ({ id, title, published }));
  // The atoms the new report changes: those it counts, and the parts it splits off earlier atoms.
  // Other atoms are as they were when last checked.
  const split = new Set(own.map((atom) => atom.signature.slice(1).join()));
  const relevant: Atom[] = atoms
    .filter((atom) => atom.signature[0] || split.has(atom.signature.slice(1).join()))
    .map((atom) => ({
      tables: new PublicationTables(shape, atom.tallies),
      inNew: atom.signature[0],
      earlier: earlier.filter((_, i) => atom.signature[i + 1]),
    }));
  const shown = new Set(keysOf(report, request.breakdowns));
  const plan = planPublication({
    report,
    shown,
    atoms: ledger.length > 0 ? relevant : [],
    neighbours: earlier.filter((_, i) => ledger[i].overlaps),
  });
  if (plan.conflicts.length > 0) return { kind: 'refused', conflicts: plan.conflicts };
  return { kind: 'ok', report, shown, withheld: withholdRankingsWhole(shape.items, shown, plan.withheld) };
}

/**
 * A ranking's choices are linked: at each rank, the counts of all its choices add up to the number
 * who answered, so a withheld count of one choice could be worked out from the others' counts at
 * that rank, which the checks (one item at a time) do not know. So the answer counts of a
 * ranking's choices are shown all together or not at all: when any is withheld, all are. Withholding
 * more of the new report never makes what was published less safe.
 */
export function withholdRankingsWhole(
  items: StatisticsItem[],
  shown: ReadonlySet<string>,
  withheld: Map<string, WithheldReason>,
): Map<string, WithheldReason> {
  const byQuestion = new Map<string, StatisticsItem[]>();
  for (const item of items) {
    if (item.ranked === undefined) continue;
    byQuestion.set(item.path[0], [...(byQuestion.get(item.path[0]) ?? []), item]);
  }
  for (const group of byQuestion.values()) {
    const optionKeys = group.flatMap((item) => item.options.map((_, option) => keys.option(item.name, option)));
    if (!optionKeys.some((key) => withheld.has(key))) continue;
    for (const key of optionKeys) if (shown.has(key) && !withheld.has(key)) withheld.set(key, 'complementary');
  }
  return withheld;
}
