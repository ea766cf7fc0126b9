import type { AttackerKnowledge, SuppressionReason } from './types';

/*
 * A table with its margins is a circulation: every value is the flow on one edge and every sum
 * is flow conservation at one node. For a two-way table the nodes are the rows, the columns, a
 * source S and a sink T; cell (r, c) is the edge row r -> column c, row total r is S -> row r,
 * column total c is column c -> T and the grand total is T -> S. A one-way table has two nodes A
 * and B, one edge A -> B per cell and the total B -> A.
 *
 * Whatever is published fixes the flow on its edge; the suppressed values are the unknowns. The
 * tables consistent with the publication are the true table plus a circulation on the suppressed
 * edges that keeps every unknown inside what the attacker knows about it ([lo, hi]). A suppressed
 * value can move (is not recoverable) exactly when it lies on a cycle of the residual graph:
 * walking the cycle, an edge crossed along its direction must be able to grow by 1 (value < hi),
 * an edge crossed against it must be able to shrink by 1 (value > lo). The constraint matrix of
 * a network is totally unimodular, so the bounds over real solutions are integers and equal the
 * bounds over integer solutions: one unit around one cycle is the whole story.
 */

export interface Edge {
  from: number;
  to: number;
  value: number;
}

export interface Network {
  nodeCount: number;
  edges: Edge[];
  /** For each node, the edges that touch it. */
  incident: number[][];
}

export function buildNetwork(nodeCount: number, edges: Edge[]): Network {
  const incident: number[][] = Array.from({ length: nodeCount }, () => []);
  edges.forEach((edge, index) => {
    incident[edge.from].push(index);
    if (edge.to !== edge.from) incident[edge.to].push(index);
  });
  return { nodeCount, edges, incident };
}

export interface Interval {
  lo: number;
  hi: number;
}

export function isPrimaryCount(value: number, k: number): boolean {
  return value >= 1 && value < k;
}

/** What the attacker knows about a suppressed value that was suppressed for `reason`. */
export function knownInterval(
  value: number,
  reason: SuppressionReason,
  k: number,
  knowledge: AttackerKnowledge,
): Interval {
  switch (knowledge) {
    case 'nonNegative':
      return { lo: 0, hi: Infinity };
    case 'positiveSuppressed':
      return { lo: value > 0 ? 1 : 0, hi: Infinity };
    case 'reasons':
      if (reason === 'primary') return { lo: 1, hi: k - 1 };
      // Only a forced value can be complementary and below k, and then it is 0.
      return { lo: value >= k ? k : value > 0 ? 1 : 0, hi: Infinity };
  }
}

/** How far a suppressed edge can move from its true value in each direction. */
export interface Slack {
  up: number;
  down: number;
}

export function slackOf(value: number, interval: Interval): Slack {
  return { up: interval.hi - value, down: value - interval.lo };
}

/**
 * Scratch arrays for the searches of one suppression run, reused from search to search (the run
 * makes thousands of them on a large table). Visited marks are stamps, so nothing is cleared.
 */
export class Workspace {
  readonly queue: Int32Array;
  readonly seen: Int32Array;
  readonly done: Int32Array;
  readonly zeros: Float64Array;
  readonly totals: Float64Array;
  readonly values: Float64Array;
  readonly via: Int32Array;
  readonly from: Int32Array;
  readonly heap: Int32Array;
  readonly position: Int32Array;
  private stamp = 0;

  constructor(nodeCount: number) {
    this.queue = new Int32Array(nodeCount);
    this.seen = new Int32Array(nodeCount);
    this.done = new Int32Array(nodeCount);
    this.zeros = new Float64Array(nodeCount);
    this.totals = new Float64Array(nodeCount);
    this.values = new Float64Array(nodeCount);
    this.via = new Int32Array(nodeCount);
    this.from = new Int32Array(nodeCount);
    this.heap = new Int32Array(nodeCount);
    this.position = new Int32Array(nodeCount);
  }

  nextStamp(): number {
    return ++this.stamp;
  }
}

/**
 * A residual cycle of suppressed edges through suppressed edge `e` along which `amount` units can
 * be pushed (the value of `e` can change by that much), as the other edges on it; or null.
 */
export function movingCycle(
  network: Network,
  work: Workspace,
  e: number,
  slack: Slack[],
  suppressed: boolean[],
  amount: number,
): number[] | null {
  if (!suppressed[e]) return null;
  const own = slack[e];
  const edge = network.edges[e];
  // Growing e sends the units back from its head to its tail through the other suppressed edges.
  const up = own.up >= amount ? pathWithin(network, work, e, edge.to, edge.from, slack, suppressed, amount) : null;
  if (up !== null) return up;
  return own.down >= amount ? pathWithin(network, work, e, edge.from, edge.to, slack, suppressed, amount) : null;
}

/**
 * Search for a residual path of suppressed edges, as its edges. Depth-first order (a stack): on
 * a table's dense graph it reaches the goal after a few hundred edges where breadth-first would
 * scan nearly all of them, and any path will do.
 */
function pathWithin(
  network: Network,
  work: Workspace,
  skip: number,
  start: number,
  goal: number,
  slack: Slack[],
  suppressed: boolean[],
  amount: number,
): number[] | null {
  const { queue: stack, seen, via, from } = work;
  const stamp = work.nextStamp();
  let top = 0;
  stack[top++] = start;
  seen[start] = stamp;
  search: while (top > 0) {
    const node = stack[--top];
    for (const i of network.incident[node]) {
      if (i === skip || !suppressed[i]) continue;
      const next = stepTo(network.edges[i], node, slack[i], amount);
      if (next === -1 || seen[next] === stamp) continue;
      seen[next] = stamp;
      via[next] = i;
      from[next] = node;
      if (next === goal) break search;
      stack[top++] = next;
    }
  }
  if (seen[goal] !== stamp) return null;
  const path: number[] = [];
  for (let node = goal; node !== start; node = from[node]) path.push(via[node]);
  return path;
}

/** The node reached by pushing `amount` from `node` through `edge`, or -1 if the slack forbids it. */
function stepTo(edge: Edge, node: number, slack: Slack, amount: number): number {
  if (edge.from === node && slack.up >= amount) return edge.to;
  if (edge.to === node && slack.down >= amount) return edge.from;
  return -1;
}

/*
 * The cost of suppressing more values is compared lexicographically: first how many zeros (a zero
 * is used only when nothing else can protect a forced zero), then the total count hidden (hide
 * the smallest values), then how many values.
 */

interface Found {
  zeros: number;
  total: number;
  values: number;
  path: number[];
}

function cheaper(z1: number, t1: number, v1: number, z2: number, t2: number, v2: number): boolean {
  if (z1 !== z2) return z1 < z2;
  if (t1 !== t2) return t1 < t2;
  return v1 < v2;
}

/**
 * The residual cycle through `e` that can carry `amount` units and hides the least once its
 * published edges are suppressed, as the other edges on it (suppressed or not). `slack[i]` is the
 * slack of edge i as it is (suppressed) or as it would be once suppressed (candidate);
 * `suppressed[i]` says which it is. A published zero is a candidate only with `zeros`. Null when
 * no cycle exists even with every candidate suppressed.
 */
export function cheapestProtection(
  network: Network,
  work: Workspace,
  e: number,
  slack: Slack[],
  suppressed: boolean[],
  zeros: boolean,
  amount: number,
): number[] | null {
  const own = slack[e];
  const edge = network.edges[e];
  const up =
    own.up >= amount ? cheapestPath(network, work, e, edge.to, edge.from, slack, suppressed, zeros, amount) : null;
  const down =
    own.down >= amount ? cheapestPath(network, work, e, edge.from, edge.to, slack, suppressed, zeros, amount) : null;
  const best =
    up === null
      ? down
      : down === null || !cheaper(down.zeros, down.total, down.values, up.zeros, up.total, up.values)
        ? up
        : down;
  return best === null ? null : best.path;
}

/** Dijkstra over the residual graph; suppressed edges are free, candidates cost their suppression. */
function cheapestPath(
  network: Network,
  work: Workspace,
  skip: number,
  start: number,
  goal: number,
  slack: Slack[],
  suppressed: boolean[],
  allowZeros: boolean,
  amount: number,
): Found | null {
  const { zeros, totals, values, via, from, done, seen } = work;
  const stamp = work.nextStamp();
  // seen[node] === stamp: node has a tentative cost in this search; done[node] === stamp: final.
  const heap = new NodeHeap(work, (a, b) => cheaper(zeros[a], totals[a], values[a], zeros[b], totals[b], values[b]));
  zeros[start] = totals[start] = values[start] = 0;
  seen[start] = stamp;
  heap.update(start);
  for (;;) {
    const node = heap.pop();
    if (node === -1) return null;
    done[node] = stamp;
    if (node === goal) break;
    for (const i of network.incident[node]) {
      if (i === skip) continue;
      const edge = network.edges[i];
      const free = suppressed[i];
      if (!free && !allowZeros && edge.value === 0) continue;
      const next = stepTo(edge, node, slack[i], amount);
      if (next === -1 || done[next] === stamp) continue;
      const z = zeros[node] + (free || edge.value !== 0 ? 0 : 1);
      const t = totals[node] + (free ? 0 : edge.value);
      const v = values[node] + (free ? 0 : 1);
      if (seen[next] !== stamp || cheaper(z, t, v, zeros[next], totals[next], values[next])) {
        seen[next] = stamp;
        zeros[next] = z;
        totals[next] = t;
        values[next] = v;
        via[next] = i;
        from[next] = node;
        heap.update(next);
      }
    }
  }
  const path: number[] = [];
  for (let node = goal; node !== start; node = from[node]) path.push(via[node]);
  return { zeros: zeros[goal], total: totals[goal], values: values[goal], path };
}

/** A binary heap of nodes keyed by their current cost, with decrease-key (costs only fall). */
class NodeHeap {
  private readonly heap: Int32Array;
  private readonly position: Int32Array;
  private size = 0;

  constructor(
    work: Workspace,
    private readonly less: (a: number, b: number) => boolean,
  ) {
    this.heap = work.heap;
    this.position = work.position;
    this.position.fill(-1);
  }

  update(node: number): void {
    let i = this.position[node];
    if (i === -1) {
      i = this.size++;
      this.heap[i] = node;
      this.position[node] = i;
    }
    this.up(i);
  }

  pop(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0];
    this.position[top] = -1;
    this.size--;
    if (this.size > 0) {
      this.heap[0] = this.heap[this.size];
      this.position[this.heap[0]] = 0;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const { heap, position, less } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i], heap[parent])) break;
      this.swap(i, parent, heap, position);
      i = parent;
    }
  }

  private down(i: number): void {
    const { heap, position, less } = this;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.size && less(heap[left], heap[smallest])) smallest = left;
      if (right < this.size && less(heap[right], heap[smallest])) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest, heap, position);
      i = smallest;
    }
  }

  private swap(i: number, j: number, heap: Int32Array, position: Int32Array): void {
    const a = heap[i];
    const b = heap[j];
    heap[i] = b;
    heap[j] = a;
    position[b] = i;
    position[a] = j;
  }
}

/**
 * The exact range of every suppressed edge: its true value plus the largest amount that can be
 * pushed around residual cycles through it, one way and the other (a maximum flow from its head
 * to its tail, and from its tail to its head, in the residual graph without it).
 */
export function exactBounds(
  network: Network,
  slack: (Slack | undefined)[],
): ({ min: number; max: number } | undefined)[] {
  return network.edges.map((edge, e) => {
    const own = slack[e];
    if (own === undefined) return undefined;
    const up = own.up > 0 ? maxFlow(network, e, edge.to, edge.from, slack, own.up) : 0;
    const down = own.down > 0 ? maxFlow(network, e, edge.from, edge.to, slack, own.down) : 0;
    return { min: edge.value - down, max: edge.value + up };
  });
}

/**
 * Edmonds-Karp on the residual graph, stopping once `limit` is reached. Each suppressed edge i
 * carries a flow g[i] (positive along its direction) with -down <= g[i] <= up; an infinite
 * bottleneck means the flow is unbounded.
 */
function maxFlow(
  network: Network,
  skip: number,
  source: number,
  sink: number,
  slack: (Slack | undefined)[],
  limit: number,
): number {
  const g = new Float64Array(network.edges.length);
  let total = 0;
  while (total < limit) {
    const via = new Int32Array(network.nodeCount).fill(-1);
    const prev = new Int32Array(network.nodeCount).fill(-1);
    const queue = [source];
    prev[source] = source;
    for (let head = 0; head < queue.length && prev[sink] === -1; head++) {
      const node = queue[head];
      for (const i of network.incident[node]) {
        if (i === skip) continue;
        const s = slack[i];
        if (s === undefined) continue;
        const edge = network.edges[i];
        const next = edge.from === node ? edge.to : edge.from;
        if (prev[next] !== -1 || residual(edge, node, s, g[i]) <= 0) continue;
        prev[next] = node;
        via[next] = i;
        queue.push(next);
      }
    }
    if (prev[sink] === -1) break;
    let bottleneck = limit - total;
    for (let node = sink; node !== source; node = prev[node]) {
      const i = via[node];
      bottleneck = Math.min(bottleneck, residual(network.edges[i], prev[node], slack[i] as Slack, g[i]));
    }
    if (bottleneck === Infinity) return Infinity;
    for (let node = sink; node !== source; node = prev[node]) {
      const i = via[node];
      g[i] += network.edges[i].from === prev[node] ? bottleneck : -bottleneck;
    }
    total += bottleneck;
  }
  return total;
}

function residual(edge: Edge, node: number, slack: Slack, flow: number): number {
  return edge.from === node ? slack.up - flow : slack.down + flow;
}

/**
 * Whether each of the edges `which` can move by at least one unit, one way or the other, without
 * leaving what the attacker knows: the cheap form of `exactBounds` when only "exact or not"
 * matters (a maximum flow stopped at one unit).
 */
export function movableEdges(network: Network, slack: (Slack | undefined)[], which: number[]): boolean[] {
  return which.map((e) => {
    const own = slack[e];
    if (own === undefined) return false;
    const edge = network.edges[e];
    if (own.up >= 1 && maxFlow(network, e, edge.to, edge.from, slack, 1) >= 1) return true;
    return own.down >= 1 && maxFlow(network, e, edge.from, edge.to, slack, 1) >= 1;
  });
}
