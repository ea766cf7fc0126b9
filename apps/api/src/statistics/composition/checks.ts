import { FlowSystem, type FlowValue } from '@survey/disclosure';
import type { Dimension } from '../statistics.dto';
import { classesOf, keys, PublicationTables } from './tables';

/**
 * What can be wrong with a pattern of published figures over one set of responses:
 * - `small`: a published count of 1..k-1;
 * - `unanimous`: a published group or item in which everyone who answered gave the same answer;
 * - `linked`: a published figure tied to one that is withheld (a group's item figures while the
 *   group's size is withheld; a group's answer classes while the overall distribution is not
 *   whole), which would let the withheld one be bounded or worked out;
 * - `hiddenTooFew`: the withheld figures of a table add up, by difference from its total, to a
 *   group of 1..k-1 (or to a group that all gave the same answer);
 * - `recoverable`: a withheld count of 1..k-1 (or a withheld unanimous answer) that can be worked
 *   out exactly from what is published.
 */
export type ProblemKind = 'small' | 'unanimous' | 'linked' | 'hiddenTooFew' | 'recoverable';

export interface Problem {
  kind: ProblemKind;
  /** The figure at fault: the published one, or for the last two kinds a withheld one. */
  key: string;
  /** Published figures of the same table that, withheld too, would mend the last two kinds; smallest first. */
  complements: string[];
}

export type Published = (key: string) => boolean;

const positive = (value: number): number => (value > 0 ? 1 : 0);

/**
 * Every problem of one publication pattern over one set of responses (a report's population, or
 * an atom of the populations published together). Withheld values are checked exactly, with the
 * flow networks their sums form; the attacker is granted that a withheld count is at least 1
 * when it is not 0.
 */
export function problemsOf(tables: PublicationTables, published: Published): Problem[] {
  const problems: Problem[] = [];
  const { shape } = tables;
  const k = shape.k;
  const small = (value: number) => value >= 1 && value < k;
  const N = tables.population;
  const populationKey = keys.population();
  const populationKnown = published(populationKey);
  if (populationKnown && small(N)) problems.push({ kind: 'small', key: populationKey, complements: [] });
  const check = memoised(tables, published, problems);

  const crossDimensions = shape.crosstab ? [shape.crosstab.rows, shape.crosstab.columns] : [];
  for (const dimension of shape.dimensions) {
    const entries = tables.values(dimension).map((value) => ({
      key: keys.group(dimension, value),
      value: tables.group(dimension, value),
    }));
    check(
      `x:${dimension}`,
      () => [populationKey, ...entries.map((entry) => entry.key)],
      (into) => oneWay(into, entries, N, populationKnown, published, k, !crossDimensions.includes(dimension)),
    );
  }
  if (shape.crosstab) {
    const { rows, columns } = shape.crosstab;
    check(
      'xt',
      () => [
        populationKey,
        ...tables.values(rows).map((value) => keys.group(rows, value)),
        ...tables.values(columns).map((value) => keys.group(columns, value)),
        ...tables.crossRows().flatMap((row) => tables.crossColumns().map((column) => keys.cell(row, column))),
      ],
      (into) => crosstab(into, tables, published, k),
    );
  }
  shape.items.forEach((item, index) => {
    const overallKeys = [
      populationKey,
      keys.itemAnswered(item.name),
      ...item.options.map((_, option) => keys.option(item.name, option)),
    ];
    check(
      `o:${item.name}`,
      () => overallKeys,
      (into) => itemOverall(into, tables, index, published),
    );
    for (const dimension of shape.dimensions) {
      check(
        `g:${item.name}:${dimension}`,
        () => [
          ...overallKeys,
          ...tables
            .values(dimension)
            .flatMap((value) => [keys.group(dimension, value), keys.row(item.name, dimension, value)]),
        ],
        (into) => itemRows(into, tables, index, dimension, published),
      );
    }
  });
  return problems;
}

/** An item's overall figures: how many answered, and each answer's count. */
function itemOverall(problems: Problem[], tables: PublicationTables, index: number, published: Published): void {
  const k = tables.shape.k;
  const small = (value: number) => value >= 1 && value < k;
  const item = tables.shape.items[index];
  const N = tables.population;
  const populationKnown = published(keys.population());
  const answered = tables.answered(index);
  const answeredKey = keys.itemAnswered(item.name);
  const answeredKnown = published(answeredKey);
  const options = item.options.map((_, option) => ({
    key: keys.option(item.name, option),
    value: tables.option(index, option),
  }));
  if (answeredKnown && small(answered)) problems.push({ kind: 'small', key: answeredKey, complements: [] });
  for (const option of options) {
    if (!published(option.key)) continue;
    if (small(option.value)) problems.push({ kind: 'small', key: option.key, complements: [] });
    else if (option.value > 0 && option.value === answered) {
      problems.push({ kind: 'unanimous', key: option.key, complements: [] });
    }
  }
  if (item.multiple) {
    checkboxOptions(problems, options, answered, answeredKnown, N, populationKnown, published, k);
  } else {
    const unanimous = (value: number) => value > 0 && value === answered;
    const cap = populationKnown ? N : Infinity;
    oneWay(problems, options, answered, answeredKnown, published, k, true, unanimous, cap, answeredKey);
  }
}

/**
 * The problems of each table of one set of counts, kept while what the table shows stays the
 * same: the publication check looks at the same tables round after round, and only the few a
 * round changed need looking at again.
 */
const memory = new WeakMap<
  PublicationTables,
  Map<string, { involved: string[]; shown: string; problems: Problem[] }>
>();

function memoised(tables: PublicationTables, published: Published, out: Problem[]) {
  let tablesMemory = memory.get(tables);
  if (!tablesMemory) {
    tablesMemory = new Map();
    memory.set(tables, tablesMemory);
  }
  const known = tablesMemory;
  return (table: string, involved: () => string[], compute: (into: Problem[]) => void): void => {
    const remembered = known.get(table);
    const keysOfTable = remembered?.involved ?? involved();
    const shown = keysOfTable.map((key) => (published(key) ? '1' : '0')).join('');
    if (remembered && remembered.shown === shown) {
      out.push(...remembered.problems);
      return;
    }
    const problems: Problem[] = [];
    compute(problems);
    known.set(table, { involved: keysOfTable, shown, problems });
    out.push(...problems);
  };
}

function byValue(entries: { key: string; value: number }[], published: Published): string[] {
  return entries
    .filter((entry) => entry.value > 0 && published(entry.key))
    .sort((a, b) => a.value - b.value || (a.key < b.key ? -1 : 1))
    .map((entry) => entry.key);
}

/** A one-way table: its cells add up to its total (published or not, at most `totalCap`). */
function oneWay(
  problems: Problem[],
  cells: { key: string; value: number }[],
  total: number,
  totalKnown: boolean,
  published: Published,
  k: number,
  checkNetwork: boolean,
  unanimous: (value: number) => boolean = () => false,
  totalCap = Infinity,
  totalKey?: string,
): void {
  const small = (value: number) => value >= 1 && value < k;
  for (const cell of cells) {
    if (published(cell.key) && small(cell.value) && !problems.some((p) => p.key === cell.key)) {
      problems.push({ kind: 'small', key: cell.key, complements: [] });
    }
  }
  const hidden = cells.filter((cell) => !published(cell.key));
  if (hidden.length === 0) return;
  // The total itself is the last resort: withholding it frees every withheld cell.
  const complements = [...byValue(cells, published), ...(totalKey && totalKnown ? [totalKey] : [])];
  if (totalKnown) {
    const hiddenSum = hidden.reduce((sum, cell) => sum + cell.value, 0);
    if (small(hiddenSum) && hiddenSum < total) {
      problems.push({ kind: 'hiddenTooFew', key: hidden[0].key, complements });
      return;
    }
  }
  if (!checkNetwork) return;
  const sensitive = hidden.filter((cell) => small(cell.value) && !unanimous(cell.value));
  const shared = hidden.filter((cell) => unanimous(cell.value));
  if (sensitive.length === 0 && shared.length === 0) return;
  // Nodes: 0 -> 1 for each cell, 1 -> 0 for the total.
  const values: FlowValue[] = cells.map((cell) => ({
    from: 0,
    to: 1,
    value: cell.value,
    known: published(cell.key),
    lo: positive(cell.value),
  }));
  values.push({ from: 1, to: 0, value: total, known: totalKnown, lo: positive(total), hi: totalCap });
  const system = new FlowSystem(2, values);
  const which = sensitive.map((cell) => cells.indexOf(cell));
  system.moves(which).forEach((moves, i) => {
    if (!moves) problems.push({ kind: 'recoverable', key: sensitive[i].key, complements });
  });
  // Everyone gave the same answer: that stays unknown only if some other answer could have been given.
  for (const cell of shared) {
    const others = cells.filter((other) => other !== cell && !published(other.key));
    const moves = system.anyMoves(others.map((other) => cells.indexOf(other)));
    if (!moves) {
      const zerosFirst = cells
        .filter((other) => other !== cell && published(other.key))
        .sort((a, b) => a.value - b.value)
        .map((other) => other.key);
      problems.push({
        kind: 'recoverable',
        key: cell.key,
        complements: [...zerosFirst, ...(totalKey ? [totalKey] : [])],
      });
    }
  }
}

/** Options of a multiple-choice item: each is its own count, at most the item's answered count. */
function checkboxOptions(
  problems: Problem[],
  options: { key: string; value: number }[],
  answered: number,
  answeredKnown: boolean,
  population: number,
  populationKnown: boolean,
  published: Published,
  k: number,
): void {
  const cap = answeredKnown ? answered : populationKnown ? population : Infinity;
  for (const option of options) {
    if (published(option.key)) continue;
    const sensitive = (option.value >= 1 && option.value < k) || (option.value > 0 && option.value === answered);
    if (sensitive && positive(option.value) === cap) {
      problems.push({ kind: 'recoverable', key: option.key, complements: [] });
    }
  }
}

function crosstab(problems: Problem[], tables: PublicationTables, published: Published, k: number): void {
  const { rows: rowDimension, columns: columnDimension } = tables.shape.crosstab!;
  const small = (value: number) => value >= 1 && value < k;
  const rows = tables.crossRows();
  const columns = tables.crossColumns();
  const entries: { key: string; value: number; from: number; to: number }[] = [];
  const S = 0;
  const T = 1;
  rows.forEach((row, r) => {
    entries.push({ key: keys.group(rowDimension, row), value: tables.group(rowDimension, row), from: S, to: 2 + r });
  });
  columns.forEach((column, c) => {
    entries.push({
      key: keys.group(columnDimension, column),
      value: tables.group(columnDimension, column),
      from: 2 + rows.length + c,
      to: T,
    });
  });
  rows.forEach((row, r) =>
    columns.forEach((column, c) => {
      entries.push({
        key: keys.cell(row, column),
        value: tables.cell(row, column),
        from: 2 + r,
        to: 2 + rows.length + c,
      });
    }),
  );
  for (const entry of entries) {
    if (entry.key.startsWith('["xt"') && published(entry.key) && small(entry.value)) {
      problems.push({ kind: 'small', key: entry.key, complements: [] });
    }
  }
  const sensitive = entries.filter((entry) => !published(entry.key) && small(entry.value));
  if (sensitive.length === 0) return;
  const values: FlowValue[] = entries.map((entry) => ({
    from: entry.from,
    to: entry.to,
    value: entry.value,
    known: published(entry.key),
    lo: positive(entry.value),
  }));
  const population = tables.population;
  values.push({ from: T, to: S, value: population, known: published(keys.population()), lo: positive(population) });
  const which = sensitive.map((entry) => entries.indexOf(entry));
  new FlowSystem(2 + rows.length + columns.length, values).moves(which).forEach((moves, i) => {
    if (moves) return;
    // Complements that share a row or a column with it first: they close the smallest cycles.
    const own = sensitive[i];
    const touching = (entry: (typeof entries)[number]) =>
      entry.from === own.from || entry.to === own.to || entry.from === own.to || entry.to === own.from;
    const complements = [
      ...byValue(
        entries.filter((entry) => entry !== own && touching(entry)),
        published,
      ),
      ...byValue(
        entries.filter((entry) => entry !== own && !touching(entry)),
        published,
      ),
    ];
    problems.push({ kind: 'recoverable', key: own.key, complements });
  });
}

/** One group of a breakdown as an item's row sees it. */
interface GroupRow {
  key: string;
  size: number;
  sizeKnown: boolean;
  answered: number;
  classes: number[];
}

/** An item's rows over one breakdown, with what is published about the item as a whole. */
interface ItemRowsTable {
  index: number;
  classes: ReturnType<typeof classesOf>;
  /** The breakdown is a dimension of the published crosstab. */
  crossed: boolean;
  answered: number;
  answeredKnown: boolean;
  optionsKnown: boolean[];
  rows: GroupRow[];
  rowPublished: boolean[];
}

/**
 * An item's figures per group of one breakdown. A group's figures are published whole (how many
 * answered, and each answer class) or withheld whole, and only where the group's size and the
 * item's whole overall distribution are published.
 */
function itemRows(
  problems: Problem[],
  tables: PublicationTables,
  index: number,
  dimension: Dimension,
  published: Published,
): void {
  const table = itemRowsTable(tables, index, dimension, published);
  const { rows, rowPublished } = table;
  checkPublishedRows(problems, tables.shape.k, table);
  const hidden = rows.filter((_, r) => !rowPublished[r]);
  if (hidden.length === 0 || hidden.length === rows.length) return;
  const complements = rows
    .filter((row, r) => rowPublished[r] && row.answered > 0)
    .sort((a, b) => a.answered - b.answered || (a.key < b.key ? -1 : 1))
    .map((row) => row.key);
  if (withheldRemainderTooFew(tables.shape.k, table, hidden)) {
    problems.push({ kind: 'hiddenTooFew', key: hidden[0].key, complements });
    return;
  }
  checkWithheldRows(problems, tables, table, complements, published);
}

function itemRowsTable(
  tables: PublicationTables,
  index: number,
  dimension: Dimension,
  published: Published,
): ItemRowsTable {
  const { shape } = tables;
  const item = shape.items[index];
  const classes = classesOf(item);
  const rows = tables.values(dimension).map((value): GroupRow => {
    const tally = tables.groupTally(dimension, value);
    return {
      key: keys.row(item.name, dimension, value),
      size: tally.respondents,
      sizeKnown: published(keys.group(dimension, value)),
      answered: tables.answered(index, tally),
      classes: classes ? tables.classCounts(index, tally) : [],
    };
  });
  return {
    index,
    classes,
    crossed: shape.crosstab !== null && [shape.crosstab.rows, shape.crosstab.columns].includes(dimension),
    answered: tables.answered(index),
    answeredKnown: published(keys.itemAnswered(item.name)),
    optionsKnown: item.options.map((_, option) => published(keys.option(item.name, option))),
    rows,
    rowPublished: rows.map((row) => published(row.key)),
  };
}

/** Published rows: tied to a withheld size or overall distribution, small, or unanimous. */
function checkPublishedRows(problems: Problem[], k: number, table: ItemRowsTable): void {
  const small = (value: number) => value >= 1 && value < k;
  const overallWhole = table.answeredKnown && (table.classes === null || table.optionsKnown.every(Boolean));
  table.rows.forEach((row, r) => {
    if (!table.rowPublished[r]) return;
    if (!row.sizeKnown || !overallWhole) problems.push({ kind: 'linked', key: row.key, complements: [] });
    else if (small(row.answered) || row.classes.some(small))
      problems.push({ kind: 'small', key: row.key, complements: [] });
    else if (row.answered > 0 && row.classes.some((count) => count === row.answered)) {
      problems.push({ kind: 'unanimous', key: row.key, complements: [] });
    }
  });
}

/**
 * The withheld rows together, known by difference from the item's published total: too few, or
 * all of one answer. Withheld groups that hold everyone who answered add up to the overall
 * figures, checked there.
 */
function withheldRemainderTooFew(k: number, table: ItemRowsTable, hidden: GroupRow[]): boolean {
  if (!table.answeredKnown) return false;
  const small = (value: number) => value >= 1 && value < k;
  const hiddenAnswered = hidden.reduce((sum, row) => sum + row.answered, 0);
  const hiddenClasses = (table.classes ?? []).map((_, c) => hidden.reduce((sum, row) => sum + row.classes[c], 0));
  return (
    hiddenAnswered < table.answered &&
    (small(hiddenAnswered) ||
      hiddenClasses.some(small) ||
      (hiddenAnswered > 0 && hiddenClasses.some((count) => count === hiddenAnswered)))
  );
}

/**
 * Withheld rows whose small counts (or unanimous answer) could be worked out exactly from the
 * published sums: checked with the flow network group size → answered or not → answer classes →
 * class totals.
 */
function checkWithheldRows(
  problems: Problem[],
  tables: PublicationTables,
  table: ItemRowsTable,
  complements: string[],
  published: Published,
): void {
  const small = (value: number) => value >= 1 && value < tables.shape.k;
  const { rows, rowPublished } = table;
  const sensitive = rows.some(
    (row, r) =>
      !rowPublished[r] &&
      ((small(row.answered) && row.answered !== row.size) ||
        row.classes.some((count) => small(count) || (count > 0 && count === row.answered))),
  );
  if (!sensitive) return;
  const { system, sensitiveEdges, unanimousRows } = itemRowsNetwork(tables, table, published);
  const reported = new Set<string>();
  system.moves(sensitiveEdges.map((s) => s.edge)).forEach((moved, i) => {
    const key = sensitiveEdges[i].key;
    if (!moved && !reported.has(key)) {
      reported.add(key);
      problems.push({ kind: 'recoverable', key, complements });
    }
  });
  for (const row of unanimousRows) {
    if (reported.has(row.key)) continue;
    if (!system.anyMoves(row.edges)) {
      reported.add(row.key);
      problems.push({ kind: 'recoverable', key: row.key, complements });
    }
  }
}

/**
 * The flow network of an item's rows: S → each group (its size) → answered or not (NA) → each
 * answer class → T (the class totals) → S (the population). Returns the edges of the withheld
 * small counts, and for each withheld unanimous row the edges of its other answers.
 */
function itemRowsNetwork(
  tables: PublicationTables,
  table: ItemRowsTable,
  published: Published,
): {
  system: FlowSystem;
  sensitiveEdges: { edge: number; key: string }[];
  unanimousRows: { edges: number[]; key: string }[];
} {
  const k = tables.shape.k;
  const small = (value: number) => value >= 1 && value < k;
  const { index, classes, rows, rowPublished, answered, answeredKnown, optionsKnown } = table;
  const sharedAnswer = (row: GroupRow) => row.answered > 0 && row.classes.some((c) => c === row.answered);
  // Nodes: S, T, NA (did not answer), then each row's group node and answered node, then each class
  // (or one "answered" node for items without classes).
  const S = 0;
  const T = 1;
  const NA = 2;
  const classNode = (c: number) => 3 + 2 * rows.length + c;
  const groupNode = (r: number) => 3 + 2 * r;
  const answeredNode = (r: number) => 4 + 2 * r;
  const values: FlowValue[] = [];
  const sensitiveEdges: { edge: number; key: string }[] = [];
  // Rows where everyone gave the same answer: some other answer must stay possible.
  const unanimousRows: { edges: number[]; key: string }[] = [];
  const N = tables.population;
  rows.forEach((row, r) => {
    const known = rowPublished[r];
    // A crosstab may say more about the group sizes than their sum: for its dimensions the
    // attacker is granted every group's size outright (stronger than any crosstab could make it).
    values.push({
      from: S,
      to: groupNode(r),
      value: row.size,
      known: row.sizeKnown || table.crossed,
      lo: positive(row.size),
    });
    const answeredEdge = values.length;
    // Without classes, the answered count goes straight to the item's "answered" node.
    const answeredTo = classes ? answeredNode(r) : classNode(0);
    values.push({ from: groupNode(r), to: answeredTo, value: row.answered, known, lo: positive(row.answered) });
    values.push({ from: groupNode(r), to: NA, value: row.size - row.answered, known: false });
    if (!known && small(row.answered) && row.answered !== row.size) {
      sensitiveEdges.push({ edge: answeredEdge, key: row.key });
    }
    if (classes) {
      const unanimous = !known && sharedAnswer(row);
      const others: number[] = [];
      row.classes.forEach((count, c) => {
        if (!known && small(count) && !unanimous) sensitiveEdges.push({ edge: values.length, key: row.key });
        if (unanimous && count === 0) others.push(values.length);
        values.push({ from: answeredNode(r), to: classNode(c), value: count, known });
      });
      if (unanimous) unanimousRows.push({ edges: others, key: row.key });
    }
  });
  if (classes) {
    classes.forEach((options, c) => {
      const total = options.reduce((sum, option) => sum + tables.option(index, option), 0);
      const lo = options.reduce(
        (sum, option) =>
          sum + (optionsKnown[option] ? tables.option(index, option) : positive(tables.option(index, option))),
        0,
      );
      values.push({ from: classNode(c), to: T, value: total, known: options.every((o) => optionsKnown[o]), lo });
    });
  } else {
    values.push({ from: classNode(0), to: T, value: answered, known: answeredKnown, lo: positive(answered) });
  }
  const populationKnown = published(keys.population());
  values.push({ from: NA, to: T, value: N - answered, known: answeredKnown && populationKnown });
  values.push({ from: T, to: S, value: N, known: populationKnown, lo: positive(N) });
  const nodeCount = 3 + 2 * rows.length + Math.max(1, classes?.length ?? 1);
  return { system: new FlowSystem(nodeCount, values), sensitiveEdges, unanimousRows };
}
