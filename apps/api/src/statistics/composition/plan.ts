import { problemsOf, type Problem, type ProblemKind } from './checks';
import { keys, type PublicationTables } from './tables';

/** Why a figure a report would show is withheld. */
export type WithheldReason = 'primary' | 'complementary' | 'composition';

/** A publication already on the ledger, as far as the check needs it: what it showed. */
export interface EarlierPublication {
  id: string;
  title: string;
  published: ReadonlySet<string>;
}

/**
 * One atom of the populations published together: the responses that belong to exactly the same
 * publications. `inNew` says whether the new report counts them; `earlier` lists the earlier
 * publications that do.
 */
export interface Atom {
  tables: PublicationTables;
  inNew: boolean;
  earlier: EarlierPublication[];
}

/** A figure that an earlier publication showed and that, together with the new report, would give someone away. */
export interface Conflict {
  key: string;
  kind: ProblemKind;
  /** The earlier publications involved. */
  publications: { id: string; title: string }[];
  /** Where the responses at stake are: in both, in the new report only, or in an earlier one only. */
  part: 'shared' | 'newOnly' | 'earlierOnly';
}

export interface PublicationPlan {
  withheld: Map<string, WithheldReason>;
  conflicts: Conflict[];
}

const OWN: ProblemKind[] = ['small', 'unanimous', 'linked'];

/**
 * Which of the figures `shown` a new report may publish, given everything published before:
 * every atom of the populations (`atoms`) must be safe under the union of what the publications
 * that contain it show, and so must the report's own population (`report`), which is the sum of
 * its atoms. Figures of the new report are withheld until that holds: for the report on its own
 * (`primary`, `complementary`), then for the atoms (`composition`). When an atom cannot be made
 * safe by withholding figures of the new report (the figure at fault, or every figure that could
 * protect it, was already shown by an earlier publication), the plan lists the conflicts and the
 * report must not be published.
 *
 * Why this is enough: each earlier and new figure is a sum over the atoms of its population of
 * the atom's own figure, which every publication containing the atom shows or withholds alike.
 * So everything published is implied by the atoms' figures under their patterns, atoms hold
 * different people, and a slice of the populations (any intersection or difference) is a union
 * of atoms: its count is a sum of counts that are each 0, at least k, or not exactly known.
 */
export function planPublication(input: {
  report: PublicationTables;
  shown: ReadonlySet<string>;
  atoms: Atom[];
  /** The earlier publications whose populations overlap the new one, named when the population itself conflicts. */
  neighbours: EarlierPublication[];
  maxRounds?: number;
}): PublicationPlan {
  const targets: Target[] = [
    { tables: input.report, inNew: true, earlier: [], own: true },
    ...input.atoms
      // An atom that is the whole new report and nothing else is the report itself, checked already.
      .filter(
        (atom) =>
          atom.tables.population > 0 &&
          !(atom.inNew && atom.earlier.length === 0 && atom.tables.population === input.report.population),
      )
      .map((atom) => ({ ...atom, own: false })),
  ];
  const maxRounds = input.maxRounds ?? 10_000;
  const withheld = new Map<string, WithheldReason>();
  // Conflicts in parts the new report does not count: found in the first round, for good.
  const lasting: Conflict[] = [];
  for (let round = 0; round < maxRounds; round += 1) {
    const state: Round = { shown: input.shown, neighbours: input.neighbours, withheld, lasting, conflicts: [] };
    let changed = false;
    for (const target of targets) {
      // A part the new report does not count cannot change by what it withholds: one look is enough.
      if (!target.inNew && round > 0) continue;
      if (settleTarget(target, state)) changed = true;
    }
    // A problem left open in a round that withheld something may be mended by it: look again.
    if (!changed || lasting.length > 0) return { withheld, conflicts: [...lasting, ...state.conflicts] };
  }
  throw new Error('the publication check did not settle');
}

/** The new report itself (`own`) or one atom of the populations published together. */
type Target = Atom & { own: boolean };

/** One round of the check: what it withholds so far, and the conflicts it finds. */
interface Round {
  shown: ReadonlySet<string>;
  neighbours: EarlierPublication[];
  withheld: Map<string, WithheldReason>;
  /** Conflicts in parts the new report does not count. */
  lasting: Conflict[];
  /** Conflicts in parts it counts, which later rounds may mend. */
  conflicts: Conflict[];
}

/**
 * Checks one target under what is published so far, withholding a figure of the new report for
 * each problem that one can mend and recording a conflict for each other. True if it withheld any.
 */
function settleTarget(target: Target, round: Round): boolean {
  const { shown, withheld } = round;
  let changed = false;
  const shownByEarlier = (key: string) => target.earlier.filter((earlier) => earlier.published.has(key));
  const published = (key: string) =>
    (target.inNew && shown.has(key) && !withheld.has(key)) ||
    target.earlier.some((earlier) => earlier.published.has(key));
  const mayWithhold = (key: string) =>
    target.inNew &&
    shown.has(key) &&
    !withheld.has(key) &&
    key !== keys.population() &&
    shownByEarlier(key).length === 0;
  let problems = problemsOf(target.tables, published);
  // When the part's own size gives it away, that is the conflict to name: the rest follows from it.
  const population = problems.filter((problem) => problem.key === keys.population());
  if (population.length > 0) problems = population;
  for (const problem of problems) {
    const reason: WithheldReason = target.own
      ? problem.kind === 'small' || problem.kind === 'unanimous'
        ? 'primary'
        : 'complementary'
      : 'composition';
    if (OWN.includes(problem.kind)) {
      if (withheld.has(problem.key)) continue;
      if (mayWithhold(problem.key)) {
        withheld.set(problem.key, reason);
        changed = true;
      } else {
        recordConflict(round, target, problem, shownByEarlier(problem.key));
      }
      continue;
    }
    const complement = problem.complements.find(mayWithhold);
    if (complement !== undefined) {
      withheld.set(complement, reason);
      changed = true;
    } else {
      recordConflict(round, target, problem, target.earlier);
    }
  }
  return changed;
}

/** A problem no figure of the new report can mend, named with the earlier publications involved. */
function recordConflict(round: Round, target: Atom, problem: Problem, publications: EarlierPublication[]): void {
  const part = target.inNew ? (target.earlier.length > 0 ? 'shared' : 'newOnly') : 'earlierOnly';
  const named = publications.length > 0 ? publications : round.neighbours;
  const into = target.inNew ? round.conflicts : round.lasting;
  if (into.some((c) => c.key === problem.key && c.part === part)) return;
  into.push({
    key: problem.key,
    kind: problem.kind,
    publications: named.map(({ id, title }) => ({ id, title })),
    part,
  });
}
