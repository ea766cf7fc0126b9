import {
  cheapestProtection,
  isPrimaryCount,
  knownInterval,
  movingCycle,
  slackOf,
  Workspace,
  type Network,
  type Slack,
} from './network';
import type { AttackerKnowledge, SuppressionReason } from './types';

/**
 * Suppression on a table seen as a network (see network.ts): every edge whose count is 1..k-1 is
 * primary, every forced edge is suppressed, then each suppressed edge that could still be
 * recovered gets the cheapest cycle of further suppressions that lets it move. Protected means on
 * a residual cycle that can carry `width` units (1: not exactly recoverable; more: the value can
 * move that far one way, so the attacker's range is at least that wide).
 *
 * One pass is enough: suppressing more only adds unknowns, so a cycle that protects an edge keeps
 * protecting it, and every complement lies on the cycle it was added for.
 *
 * A primary edge is first protected against an attacker who also knows the reasons (primary =
 * 1..k-1, complementary >= k), by a cycle without zeros, when one exists; whether it exists does
 * not depend on what else is suppressed (a candidate's slack is the one it gets once suppressed),
 * so it is looked for once. Otherwise, and for every other suppressed edge (a complement, or a value forced
 * because it is hidden elsewhere, where it is not primary either), the guarantee is against an
 * attacker who knows that suppressed values are at least 1, which is always possible (README).
 */
export function suppressNetwork(
  network: Network,
  k: number,
  forced: boolean[],
  width: number,
): (SuppressionReason | null)[] {
  const { edges } = network;
  const reasons: (SuppressionReason | null)[] = edges.map((edge, i) =>
    isPrimaryCount(edge.value, k) ? 'primary' : forced[i] ? 'complementary' : null,
  );
  const suppressed = reasons.map((reason) => reason !== null);
  const strict = slackTable(network, reasons, k, 'reasons');
  const relaxed = slackTable(network, reasons, k, 'positiveSuppressed');
  const work = new Workspace(network.nodeCount);
  // What is known to move, so that the edges of a cycle found once are not searched again:
  // STRICT on a cycle that holds for the attacker who knows the reasons, RELAXED for the other.
  const moves = new Uint8Array(edges.length);
  const onCycle = (e: number, others: number[], level: number) => {
    for (const i of [e, ...others]) {
      suppressed[i] = true;
      reasons[i] ??= 'complementary';
      moves[i] = Math.max(moves[i], level);
    }
  };
  for (let e = 0; e < edges.length; e++) {
    if (!suppressed[e]) continue;
    if (reasons[e] === 'primary' && moves[e] < STRICT) {
      const cycle =
        movingCycle(network, work, e, strict, suppressed, width) ??
        cheapestProtection(network, work, e, strict, suppressed, false, width);
      if (cycle !== null) {
        onCycle(e, cycle, STRICT);
        continue;
      }
    }
    if (moves[e] >= RELAXED) continue;
    const cycle =
      movingCycle(network, work, e, relaxed, suppressed, width) ??
      cheapestProtection(network, work, e, relaxed, suppressed, true, width);
    // Unreachable: every edge of a table with cells lies on a cycle that only grows (README).
    if (cycle === null) throw new Error(`internal error: no cycle through edge ${e} of the table`);
    onCycle(e, cycle, RELAXED);
  }
  return reasons;
}

const RELAXED = 1;
const STRICT = 2;

/**
 * The slack of every edge under `knowledge`, as it is if suppressed and as it would be if it were
 * suppressed as a complement otherwise (a candidate is never primary: 1..k-1 are all primary).
 */
function slackTable(
  network: Network,
  reasons: (SuppressionReason | null)[],
  k: number,
  knowledge: AttackerKnowledge,
): Slack[] {
  return network.edges.map((edge, i) =>
    slackOf(edge.value, knownInterval(edge.value, reasons[i] ?? 'complementary', k, knowledge)),
  );
}
