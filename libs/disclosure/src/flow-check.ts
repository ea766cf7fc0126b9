import { buildNetwork, movableEdges, slackOf, type Slack } from './network';

/**
 * A value in a system of sums that forms a network (see network.ts): an edge `from -> to`
 * carrying `value`. A published value is known exactly; an unknown one is known to lie in
 * [lo, hi] (hi may be Infinity).
 */
export interface FlowValue {
  from: number;
  to: number;
  value: number;
  known: boolean;
  lo?: number;
  hi?: number;
}

/**
 * For each unknown value listed in `which`, whether an attacker who knows every published value,
 * every sum and every bound can still not tell it exactly (it can move by one unit). Exact: the
 * sums form a network, whose constraint matrix is totally unimodular, so what holds over real
 * numbers holds over integers.
 */
export function unknownsThatMove(nodeCount: number, values: FlowValue[], which: number[]): boolean[] {
  const network = buildNetwork(
    nodeCount,
    values.map(({ from, to, value }) => ({ from, to, value })),
  );
  const slack: (Slack | undefined)[] = values.map((v) => {
    if (v.known) return undefined;
    const lo = v.lo ?? 0;
    const hi = v.hi ?? Infinity;
    if (v.value < lo || v.value > hi) throw new RangeError('a value lies outside its own bounds');
    return slackOf(v.value, { lo, hi });
  });
  return movableEdges(network, slack, which);
}
