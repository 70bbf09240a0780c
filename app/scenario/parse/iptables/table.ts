/**
 * Turns one `*table … COMMIT` block (chain declarations plus draft rules) into a `Table`, with the
 * checks iptables-restore and the kernel's table loader make: every chain declared before use, no
 * jump to a built-in chain, no jump loops (`mark_source_chains` → ELOOP), no chain nested 16 calls
 * deep (nf_tables EMLINK, jump-depth.ts), and targets/matches only
 * at hooks that allow them (`xt_check_target`/`xt_check_match` with the chain's hook mask). The
 * graph checks run on chain numbers (jump-graph.ts).
 */
import { LazyChain } from '../../../engine/netfilter/lazy-rules';
import type { Chain, Rule, Table, TableName } from '../../../engine/netfilter/types';
import type { SourceRef } from '../../../engine/source';
import type { BlockRules } from './block-rules';
import { NFT_JUMP_STACK_SIZE, jumpDepthProblems } from './jump-depth';
import { NO_JUMP, deepestCall, hooksReaching, jumpGraph, jumpLoops, type JumpGraph } from './jump-graph';
import { TABLE_HOOKS } from './rule';

/** A `:NAME POLICY [p:b]` line. */
export interface ChainDecl {
  readonly name: string;
  readonly lineNo: number;
  readonly col: number;
  readonly builtin: boolean;
  readonly policy?: 'ACCEPT' | 'DROP';
  readonly source: SourceRef;
}

/** A problem found while finishing a table, positioned in the block's text. */
export interface TableProblem {
  readonly lineNo: number;
  readonly col: number;
  readonly message: string;
}

/** The rules that passed step 1 (positions in BlockRules), in text order, with their chain's and jump's numbers. */
interface Kept {
  readonly at: Int32Array;
  readonly chainOf: Int32Array;
  readonly jumpOf: Int32Array;
}

/**
 * Step 1: chains must be declared before a rule appends to them or jumps to them.
 * @returns the entries that pass, in text order; a problem for each other one.
 */
function declaredBeforeUse(name: TableName, decls: readonly ChainDecl[], numbers: ReadonlyMap<string, number>, block: BlockRules, problems: TableProblem[]): Kept {
  const hooks = TABLE_HOOKS[name] as readonly string[];
  const n = block.length;
  const at = new Int32Array(n);
  const chainOf = new Int32Array(n);
  const jumpOf = new Int32Array(n);
  let kept = 0;
  for (let r = 0; r < n; r++) {
    const chain = block.chain[r];
    const lineNo = block.lineNo[r];
    const c = numbers.get(chain);
    const d = c === undefined ? undefined : decls[c];
    if (c === undefined || !d || d.lineNo > lineNo) {
      const col = block.chainCol(r);
      if (d) problems.push({ lineNo, col, message: `chain ${chain} is declared on line ${d.lineNo}, after this rule; declare it first` });
      else if (hooks.includes(chain)) problems.push({ lineNo, col, message: `built-in chain ${chain} has no ":${chain} ACCEPT [0:0]" line in this table` });
      else problems.push({ lineNo, col, message: `unknown chain "${chain}" in table ${name} (declare it with ":${chain} - [0:0]")` });
      continue;
    }
    let to = NO_JUMP;
    const jump = block.jump[r];
    if (jump !== '') {
      const t = numbers.get(jump);
      const problem = jumpProblem(name, jump, t === undefined ? undefined : decls[t], lineNo);
      if (problem) {
        problems.push({ lineNo, col: block.jumpCol(r) || 1, message: problem });
        continue;
      }
      to = t!;
    }
    at[kept] = r;
    chainOf[kept] = c;
    jumpOf[kept] = to;
    kept++;
  }
  return { at: at.subarray(0, kept), chainOf: chainOf.subarray(0, kept), jumpOf: jumpOf.subarray(0, kept) };
}

/** Why a jump from line `lineNo` to chain `to` (declared as `td`) is refused, or undefined. */
function jumpProblem(name: TableName, to: string, td: ChainDecl | undefined, lineNo: number): string | undefined {
  if (!td && (TABLE_HOOKS[name] as readonly string[]).includes(to)) return `cannot jump to built-in chain ${to}`;
  if (!td) return `unknown chain "${to}" in table ${name}: no ":${to} - [0:0]" line and not a supported target`;
  if (td.builtin) return `cannot jump to built-in chain ${to}`;
  if (td.lineNo > lineNo) return `chain ${to} is declared on line ${td.lineNo}, after this rule; declare it first`;
  return undefined;
}

/**
 * Step 3: targets and matches limited to some hooks (`xt_check_target`/`xt_check_match` with the
 * chain's hook mask): a rule whose chain is reached from another hook is refused (flagged in `dropped`).
 */
function hookLimits(name: TableName, block: BlockRules, kept: Kept, reached: Uint8Array, dropped: Uint8Array, problems: TableProblem[]): void {
  const hooks = TABLE_HOOKS[name];
  // Only the few rules with hook limits, each found among the kept ones (kept.at ascends).
  block.constraints.forEach((constraints, b) => {
    const r = indexIn(kept.at, b);
    if (r < 0 || dropped[r]) return;
    const mask = reached[kept.chainOf[r]];
    for (const c of constraints) {
      const bad = hooks.filter((h, bit) => mask & (1 << bit) && !c.hooks.includes(h));
      if (bad.length > 0) {
        problems.push({
          lineNo: block.lineNo[b],
          col: c.col,
          message: `${c.what} is only valid in chains reached from ${name} ${c.hooks.join('/')}, but ${block.chain[b]} is reached from ${bad.join('/')} (the kernel refuses the table)`,
        });
        dropped[r] = 1;
        break;
      }
    }
  });
}

/** The position of `v` in the ascending `a`, or -1. */
function indexIn(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === v) return mid;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Step 4: the chains, built-ins first (hook order), then user chains in declaration order; rules
 * numbered from 1. A chain holding a rule kept as its line builds its rules when first read.
 */
function assemble(name: TableName, decls: readonly ChainDecl[], numbers: ReadonlyMap<string, number>, block: BlockRules, kept: Kept, g: JumpGraph, dropped: Uint8Array): Record<string, Chain> {
  const rulesOf = (c: number): Rule[] => {
    const rules: Rule[] = [];
    for (let k = g.start[c]; k < g.start[c + 1]; k++) {
      const r = g.rules[k];
      if (!dropped[r]) rules.push(block.rule(kept.at[r], rules.length + 1));
    }
    // A copy of exactly its length (most chains of a node hold one to three rules).
    return rules.slice();
  };
  const chain = (c: number | undefined, n: string, builtin: boolean, policy: 'ACCEPT' | 'DROP' | undefined, source: SourceRef | undefined): Chain => {
    let count = 0;
    let lines = false;
    if (c !== undefined)
      for (let k = g.start[c]; k < g.start[c + 1]; k++) {
        const r = g.rules[k];
        if (dropped[r]) continue;
        count++;
        lines ||= block.isLine(kept.at[r]);
      }
    if (lines) return new LazyChain(n, builtin, policy, source, count, () => rulesOf(c!));
    const rules = c === undefined ? [] : rulesOf(c);
    return { name: n, builtin, ...(policy ? { policy } : {}), rules, ...(source ? { source } : {}) };
  };
  const chains: Record<string, Chain> = {};
  for (const h of TABLE_HOOKS[name]) {
    const c = numbers.get(h);
    const d = c === undefined ? undefined : decls[c];
    chains[h] = chain(c, h, true, d?.policy ?? 'ACCEPT', d?.source);
  }
  decls.forEach((d, c) => {
    if (!d.builtin) chains[d.name] = chain(c, d.name, false, undefined, d.source);
  });
  return chains;
}

/**
 * Builds table `name` from its declarations and rules (both in text order).
 * Rules with a problem are left out; the remaining ones are numbered from 1 per chain. Built-in
 * chains of the table that were never declared are added with policy ACCEPT and no rules (the
 * kernel registers every built-in chain of a loaded table).
 */
export function finishTable(name: TableName, decls: readonly ChainDecl[], numbers: ReadonlyMap<string, number>, block: BlockRules): { table: Table; problems: TableProblem[] } {
  const problems: TableProblem[] = [];
  const kept = declaredBeforeUse(name, decls, numbers, block, problems);
  const g = jumpGraph(decls.length, kept.chainOf, kept.jumpOf);
  // Step 2: jump loops, then the depth of nested calls.
  const dropped = jumpLoops(g, (r, path) => {
    const b = kept.at[r];
    const names = [...path, path[0]].map((c) => decls[c].name);
    problems.push({ lineNo: block.lineNo[b], col: block.jumpCol(b) || 1, message: `jump loop ${names.join(' → ')}: the kernel refuses a ruleset whose chains call each other in a cycle (ELOOP)` });
  });
  const builtins = decls.flatMap((d, c) => (d.builtin ? [c] : []));
  // The exact refusal (which rule, which path) is only looked for when some path is too deep.
  if (deepestCall(g, builtins, dropped) >= NFT_JUMP_STACK_SIZE)
    problems.push(
      ...depthProblems(
        builtins.map((c) => decls[c].name),
        block,
        kept,
        dropped,
      ),
    );
  const bases = TABLE_HOOKS[name].map((h) => numbers.get(h) ?? NO_JUMP);
  hookLimits(name, block, kept, hooksReaching(g, bases, dropped), dropped, problems);
  return { table: { name, chains: assemble(name, decls, numbers, block, kept, g, dropped), partKinds: block.kinds }, problems };
}

/** jumpDepthProblems over the kept rules, the loop jumps left out. */
function depthProblems(builtins: readonly string[], block: BlockRules, kept: Kept, dropped: Uint8Array): TableProblem[] {
  const entries = Array.from(kept.at, (b) => ({ lineNo: block.lineNo[b], chain: block.chain[b], jump: block.jump[b] || undefined, chainCol: block.chainCol(b), jumpCol: block.jumpCol(b) }));
  return jumpDepthProblems(builtins, entries, new Set(entries.filter((_, r) => dropped[r])));
}
