/**
 * The jump graph of one iptables table: its chains numbered 0…n−1 in declaration order, and the
 * rules of each chain in text order with the chain each one jumps or goes to. The checks the
 * kernel's table loader makes on that graph run over these numbers (typed arrays, no per-chain
 * objects): jump loops (`mark_source_chains` → ELOOP), the hooks reaching each chain (for
 * `xt_check_target`/`xt_check_match` hook masks) and the depth of nested calls (nf_tables EMLINK).
 * A node's nat table has tens of thousands of chains; every walk here is linear in chains + rules.
 */

/** No jump (the rule's target is not a chain). */
export const NO_JUMP = -1;

/**
 * The rules of every chain, compressed: rule k of chain c (in text order) is `rules[start[c] + k]`,
 * for k < `start[c + 1] − start[c]`. `rules` holds positions in the caller's list of rules, and
 * `jumpOf[r]` is the chain rule r jumps to (or NO_JUMP).
 */
export interface JumpGraph {
  readonly chains: number;
  readonly start: Int32Array;
  readonly rules: Int32Array;
  readonly jumpOf: Int32Array;
}

/**
 * Builds the graph from each rule's chain (`chainOf[r]`) and jump (`jumpOf[r]`, NO_JUMP when none),
 * rules given in text order.
 */
export function jumpGraph(chains: number, chainOf: Int32Array, jumpOf: Int32Array): JumpGraph {
  const start = new Int32Array(chains + 1);
  for (let r = 0; r < chainOf.length; r++) start[chainOf[r] + 1]++;
  for (let c = 0; c < chains; c++) start[c + 1] += start[c];
  const fill = start.slice(0, chains);
  const rules = new Int32Array(chainOf.length);
  for (let r = 0; r < chainOf.length; r++) rules[fill[chainOf[r]]++] = r;
  return { chains, start, rules, jumpOf };
}

/**
 * Jump loops between chains (the kernel refuses the table, ELOOP), found by a depth-first walk
 * from every chain in number order, following each chain's rules in text order.
 * @param onLoop called for each rule whose jump closes a loop, with the chains on the loop (the
 *   jumped-to chain first, the rule's own chain last).
 * @returns one flag per rule: 1 for a rule whose jump closes a loop. Without those jumps the graph
 *   has no cycle.
 */
export function jumpLoops(g: JumpGraph, onLoop: (rule: number, path: readonly number[]) => void): Uint8Array {
  const dropped = new Uint8Array(g.jumpOf.length);
  const state = new Uint8Array(g.chains); // 0 = unseen, 1 = on the DFS path, 2 = done
  const stack = new Int32Array(g.chains);
  const next = new Int32Array(g.chains); // per chain on the path: its next rule (absolute in g.rules)
  for (let s = 0; s < g.chains; s++) {
    if (state[s] !== 0) continue;
    let depth = 0;
    stack[depth++] = s;
    state[s] = 1;
    next[s] = g.start[s];
    while (depth > 0) {
      const c = stack[depth - 1];
      if (next[c] >= g.start[c + 1]) {
        state[c] = 2;
        depth--;
        continue;
      }
      const r = g.rules[next[c]++];
      const to = g.jumpOf[r];
      if (to === NO_JUMP) continue;
      if (state[to] === 1) {
        dropped[r] = 1;
        const from = stack.subarray(0, depth).indexOf(to);
        onLoop(r, Array.from(stack.subarray(from, depth)));
      } else if (state[to] === 0) {
        state[to] = 1;
        next[to] = g.start[to];
        stack[depth++] = to;
      }
    }
  }
  return dropped;
}

/**
 * The hooks reaching each chain (breadth-first from each base chain) as a bit mask: bit i is set
 * when the base chain `bases[i]` reaches the chain; 0 when no base chain does. `bases[i]` is a
 * chain number or NO_JUMP (a built-in chain the table does not declare). Dropped rules are not followed.
 */
export function hooksReaching(g: JumpGraph, bases: readonly number[], dropped: Uint8Array): Uint8Array {
  const mask = new Uint8Array(g.chains);
  const queue = new Int32Array(g.chains);
  bases.forEach((base, i) => {
    if (base === NO_JUMP) return;
    const bit = 1 << i;
    let tail = 0;
    queue[tail++] = base;
    mask[base] |= bit;
    for (let head = 0; head < tail; head++) {
      const c = queue[head];
      for (let k = g.start[c]; k < g.start[c + 1]; k++) {
        const r = g.rules[k];
        const to = g.jumpOf[r];
        if (to === NO_JUMP || dropped[r] || mask[to] & bit) continue;
        mask[to] |= bit;
        queue[tail++] = to;
      }
    }
  });
  return mask;
}

/**
 * The most nested calls below any of `bases` once every rule is in: the length, in jumps, of the
 * longest path from a base chain. Needs a graph without cycles (dropped loop jumps not followed).
 * Levels only grow as rules are appended, so when this is below the kernel's limit no prefix of
 * the table reaches it either.
 */
export function deepestCall(g: JumpGraph, bases: readonly number[], dropped: Uint8Array): number {
  const height = new Int32Array(g.chains).fill(-1); // -1 = not yet known
  const stack = new Int32Array(g.chains);
  const next = new Int32Array(g.chains);
  let deepest = 0;
  for (const base of bases) {
    if (base === NO_JUMP || height[base] >= 0) {
      if (base !== NO_JUMP) deepest = Math.max(deepest, height[base]);
      continue;
    }
    let depth = 0;
    stack[depth++] = base;
    next[base] = g.start[base];
    height[base] = -2; // on the path
    while (depth > 0) {
      const c = stack[depth - 1];
      if (next[c] >= g.start[c + 1]) {
        let h = 0;
        for (let k = g.start[c]; k < g.start[c + 1]; k++) {
          const r = g.rules[k];
          const to = g.jumpOf[r];
          if (to !== NO_JUMP && !dropped[r]) h = Math.max(h, height[to] + 1);
        }
        height[c] = h;
        depth--;
        continue;
      }
      const r = g.rules[next[c]++];
      const to = g.jumpOf[r];
      if (to === NO_JUMP || dropped[r] || height[to] !== -1) continue;
      height[to] = -2;
      next[to] = g.start[to];
      stack[depth++] = to;
    }
    deepest = Math.max(deepest, height[base]);
  }
  return deepest;
}
