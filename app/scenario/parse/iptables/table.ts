/**
 * Turns one `*table … COMMIT` block (chain declarations plus draft rules) into a `Table`, with the
 * checks iptables-restore and the kernel's table loader make: every chain declared before use, no
 * jump to a built-in chain, no jump loops (`mark_source_chains` → ELOOP), no chain nested 16 calls
 * deep (nf_tables EMLINK, jump-depth.ts), and targets/matches only
 * at hooks that allow them (`xt_check_target`/`xt_check_match` with the chain's hook mask).
 */
import type { Chain, HookName, Rule, Table, TableName } from '../../../engine/netfilter/types';
import type { SourceRef } from '../../../engine/source';
import { jumpDepthProblems } from './jump-depth';
import { TABLE_HOOKS, type DraftRule } from './rule';

/** A `:NAME POLICY [p:b]` line. */
export interface ChainDecl {
  readonly name: string;
  readonly lineNo: number;
  readonly col: number;
  readonly builtin: boolean;
  readonly policy?: 'ACCEPT' | 'DROP';
  readonly source: SourceRef;
}

/** A parsed `-A` line of the block. */
export interface RuleEntry {
  readonly lineNo: number;
  readonly text: string;
  readonly source: SourceRef;
  readonly draft: DraftRule;
}

/** A problem found while finishing a table, positioned in the block's text. */
export interface TableProblem {
  readonly lineNo: number;
  readonly col: number;
  readonly message: string;
}

/** Rules of each chain, by chain name, in text order (every declared chain has a list). */
type ByChain = Map<string, RuleEntry[]>;

/**
 * Step 1: chains must be declared before a rule appends to them or jumps to them.
 * @returns the entries that pass, in text order; a problem for each other one.
 */
function declaredBeforeUse(name: TableName, declByName: ReadonlyMap<string, ChainDecl>, entries: readonly RuleEntry[], problems: TableProblem[]): RuleEntry[] {
  const hooks = TABLE_HOOKS[name] as readonly string[];
  const kept: RuleEntry[] = [];
  for (const e of entries) {
    const { draft } = e;
    const d = declByName.get(draft.chain);
    if (!d || d.lineNo > e.lineNo) {
      const col = draft.chainCol;
      if (d) problems.push({ lineNo: e.lineNo, col, message: `chain ${draft.chain} is declared on line ${d.lineNo}, after this rule; declare it first` });
      else if (hooks.includes(draft.chain)) problems.push({ lineNo: e.lineNo, col, message: `built-in chain ${draft.chain} has no ":${draft.chain} ACCEPT [0:0]" line in this table` });
      else problems.push({ lineNo: e.lineNo, col, message: `unknown chain "${draft.chain}" in table ${name} (declare it with ":${draft.chain} - [0:0]")` });
      continue;
    }
    const problem = draft.target.kind === 'jump' ? jumpProblem(name, draft.target.chain, declByName.get(draft.target.chain), e.lineNo) : undefined;
    if (problem) problems.push({ lineNo: e.lineNo, col: draft.jumpCol || 1, message: problem });
    else kept.push(e);
  }
  return kept;
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
 * Step 2: jump loops between user chains (the kernel refuses the table, ELOOP), found by a
 * depth-first walk from every chain.
 * @returns the jumps that close a loop (a problem each).
 */
function jumpLoops(decls: readonly ChainDecl[], byChain: ByChain, problems: TableProblem[]): Set<RuleEntry> {
  const dropped = new Set<RuleEntry>();
  const state = new Map<string, 1 | 2>(); // 1 = on the DFS path, 2 = done
  for (const start of decls) {
    if (state.has(start.name)) continue;
    const stack: { chain: string; i: number }[] = [{ chain: start.name, i: 0 }];
    state.set(start.name, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const rules = byChain.get(top.chain)!;
      if (top.i >= rules.length) {
        state.set(top.chain, 2);
        stack.pop();
        continue;
      }
      const e = rules[top.i++];
      if (e.draft.target.kind !== 'jump') continue;
      const to = e.draft.target.chain;
      const s = state.get(to);
      if (s === 1) {
        const path = stack.slice(stack.findIndex((f) => f.chain === to)).map((f) => f.chain);
        problems.push({ lineNo: e.lineNo, col: e.draft.jumpCol || 1, message: `jump loop ${[...path, to].join(' → ')}: the kernel refuses a ruleset whose chains call each other in a cycle (ELOOP)` });
        dropped.add(e);
      } else if (s === undefined) {
        state.set(to, 1);
        stack.push({ chain: to, i: 0 });
      }
    }
  }
  return dropped;
}

/**
 * Step 3a: the hooks each chain is reached from (breadth-first from each declared built-in chain),
 * as a bit mask over `hooks` (bit i = hooks[i]); a chain no hook reaches is absent.
 */
function hooksReaching(hooks: readonly HookName[], declByName: ReadonlyMap<string, ChainDecl>, byChain: ByChain, dropped: ReadonlySet<RuleEntry>): Map<string, number> {
  const reached = new Map<string, number>();
  hooks.forEach((h, bit) => {
    if (!declByName.has(h)) return;
    const seen = new Set<string>([h]);
    const queue: string[] = [h];
    // An index, not shift(): shift is linear, and a node's table has tens of thousands of chains.
    for (let qi = 0; qi < queue.length; qi++) {
      const c = queue[qi];
      reached.set(c, (reached.get(c) ?? 0) | (1 << bit));
      for (const e of byChain.get(c) ?? []) {
        if (e.draft.target.kind !== 'jump' || (dropped.size > 0 && dropped.has(e))) continue;
        const to = e.draft.target.chain;
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
  });
  return reached;
}

/**
 * Step 3b: targets and matches limited to some hooks (`xt_check_target`/`xt_check_match` with the
 * chain's hook mask): a rule whose chain is reached from another hook is refused.
 */
function hookLimits(name: TableName, kept: readonly RuleEntry[], reached: ReadonlyMap<string, number>, dropped: Set<RuleEntry>, problems: TableProblem[]): void {
  const hooks = TABLE_HOOKS[name];
  for (const e of kept) {
    if (e.draft.constraints.length === 0 || dropped.has(e)) continue;
    const mask = reached.get(e.draft.chain);
    if (mask === undefined) continue;
    for (const c of e.draft.constraints) {
      const bad = hooks.filter((h, bit) => mask & (1 << bit) && !c.hooks.includes(h));
      if (bad.length > 0) {
        problems.push({
          lineNo: e.lineNo,
          col: c.col,
          message: `${c.what} is only valid in chains reached from ${name} ${c.hooks.join('/')}, but ${e.draft.chain} is reached from ${bad.join('/')} (the kernel refuses the table)`,
        });
        dropped.add(e);
        break;
      }
    }
  }
}

/** Step 4: the chains, built-ins first (hook order), then user chains in declaration order; rules numbered from 1. */
function assemble(name: TableName, decls: readonly ChainDecl[], declByName: ReadonlyMap<string, ChainDecl>, byChain: ByChain, dropped: ReadonlySet<RuleEntry>): Record<string, Chain> {
  const rule = (chain: string, e: RuleEntry, index: number): Rule => ({ table: name, chain, index, text: e.text, matches: e.draft.matches, target: e.draft.target, source: e.source });
  // map gives an array of exactly its length (most chains of a node hold one to three rules).
  const rulesOf = (chain: string): Rule[] => {
    const list = byChain.get(chain) ?? [];
    if (dropped.size === 0) return list.map((e, i) => rule(chain, e, i + 1));
    return list.filter((e) => !dropped.has(e)).map((e, i) => rule(chain, e, i + 1));
  };
  const chains: Record<string, Chain> = {};
  for (const h of TABLE_HOOKS[name]) {
    const d = declByName.get(h);
    chains[h] = { name: h, builtin: true, policy: d?.policy ?? 'ACCEPT', rules: rulesOf(h), ...(d ? { source: d.source } : {}) };
  }
  for (const d of decls) if (!d.builtin) chains[d.name] = { name: d.name, builtin: false, rules: rulesOf(d.name), source: d.source };
  return chains;
}

/**
 * Builds table `name` from its declarations and rules (both in text order).
 * Rules with a problem are left out; the remaining ones are numbered from 1 per chain. Built-in
 * chains of the table that were never declared are added with policy ACCEPT and no rules (the
 * kernel registers every built-in chain of a loaded table).
 */
export function finishTable(
  name: TableName,
  decls: readonly ChainDecl[],
  entries: readonly RuleEntry[],
): { table: Table; problems: TableProblem[] } {
  const problems: TableProblem[] = [];
  const declByName = new Map<string, ChainDecl>();
  for (const d of decls) declByName.set(d.name, d);
  const kept = declaredBeforeUse(name, declByName, entries, problems);
  const byChain: ByChain = new Map();
  for (const d of decls) byChain.set(d.name, []);
  for (const e of kept) byChain.get(e.draft.chain)!.push(e);
  const dropped = jumpLoops(decls, byChain, problems);
  // Jump depth: nf_tables refuses chains nested 16 calls deep (EMLINK, "Too many links").
  problems.push(
    ...jumpDepthProblems(
      decls.filter((d) => d.builtin).map((d) => d.name),
      kept,
      dropped,
    ),
  );
  hookLimits(name, kept, hooksReaching(TABLE_HOOKS[name], declByName, byChain, dropped), dropped, problems);
  return { table: { name, chains: assemble(name, decls, declByName, byChain, dropped) }, problems };
}
