import { buildNetwork, movableEdges, slackOf, type Network, type Slack } from './network';

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
 * What an attacker who knows every published value, every sum and every bound can tell about the
 * unknown values of one network. Exact: the constraint matrix of a network is totally unimodular,
 * so a value that can move over the reals can move by a whole unit over the integers. Built once,
 * asked many times.
 */
export class FlowSystem {
  private readonly network: Network;
  private readonly slack: (Slack | undefined)[];

  constructor(nodeCount: number, values: FlowValue[]) {
    this.network = buildNetwork(
      nodeCount,
      values.map(({ from, to, value }) => ({ from, to, value })),
    );
    this.slack = values.map((v) => {
      if (v.known) return undefined;
      const lo = v.lo ?? 0;
      const hi = v.hi ?? Infinity;
      if (v.value < lo || v.value > hi) throw new RangeError('a value lies outside its own bounds');
      return slackOf(v.value, { lo, hi });
    });
  }

  /** For each listed unknown value, whether it can move by one unit (is not exactly known). */
  moves(which: number[]): boolean[] {
    return movableEdges(this.network, this.slack, which);
  }

  /** Whether at least one of these unknown values can move. */
  anyMoves(which: number[]): boolean {
    for (const edge of which) if (movableEdges(this.network, this.slack, [edge])[0]) return true;
    return false;
  }
}

/** `new FlowSystem(nodeCount, values).moves(which)`, for a single question. */
export function unknownsThatMove(nodeCount: number, values: FlowValue[], which: number[]): boolean[] {
  return new FlowSystem(nodeCount, values).moves(which);
}
