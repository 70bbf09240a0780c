/**
 * Turns one `*table … COMMIT` block (chain declarations plus draft rules) into a `Table`, with the
 * checks iptables-restore and the kernel's table loader make: every chain declared before use, no
 * jump to a built-in chain, no jump loops (`mark_source_chains` → ELOOP), no chain nested 16 calls
 * deep (nf_tables EMLINK, jump-depth.ts), and targets/matches only
 * at hooks that allow them (`xt_check_target`/`xt_check_match` with the chain's hook mask). The
 * graph checks run on chain numbers (jump-graph.ts).
 */
import type { Chain, Rule, Table, TableName } from '../../../engine/netfilter/types';
import type { SourceRef } from '../../../engine/source';
import { NFT_JUMP_STACK_SIZE, jumpDepthProblems } from './jump-depth';
import { NO_JUMP, deepestCall, hooksReaching, jumpGraph, jumpLoops, type JumpGraph } from './jump-graph';
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

/** The rules that passed step 1, in text order, with their chain's and jump's numbers. */
interface Kept {
  readonly entries: RuleEntry[];
  readonly chainOf: Int32Array;
  readonly jumpOf: Int32Array;
}

/**
 * Step 1: chains must be declared before a rule appends to them or jumps to them.
 * @returns the entries that pass, in text order; a problem for each other one.
 */
function declaredBeforeUse(name: TableName, decls: readonly ChainDecl[], numbers: ReadonlyMap<string, number>, entries: readonly RuleEntry[], problems: TableProblem[]): Kept {
  const hooks = TABLE_HOOKS[name] as readonly string[];
  const kept: RuleEntry[] = [];
  const chainOf = new Int32Array(entries.length);
  const jumpOf = new Int32Array(entries.length);
  for (const e of entries) {
    const { draft } = e;
    const c = numbers.get(draft.chain);
    const d = c === undefined ? undefined : decls[c];
    if (c === undefined || !d || d.lineNo > e.lineNo) {
      const col = draft.chainCol;
      if (d) problems.push({ lineNo: e.lineNo, col, message: `chain ${draft.chain} is declared on line ${d.lineNo}, after this rule; declare it first` });
      else if (hooks.includes(draft.chain)) problems.push({ lineNo: e.lineNo, col, message: `built-in chain ${draft.chain} has no ":${draft.chain} ACCEPT [0:0]" line in this table` });
      else problems.push({ lineNo: e.lineNo, col, message: `unknown chain "${draft.chain}" in table ${name} (declare it with ":${draft.chain} - [0:0]")` });
      continue;
    }
    let to = NO_JUMP;
    if (draft.target.kind === 'jump') {
      const t = numbers.get(draft.target.chain);
      const problem = jumpProblem(name, draft.target.chain, t === undefined ? undefined : decls[t], e.lineNo);
      if (problem) {
        problems.push({ lineNo: e.lineNo, col: draft.jumpCol || 1, message: problem });
        continue;
      }
      to = t!;
    }
    chainOf[kept.length] = c;
    jumpOf[kept.length] = to;
    kept.push(e);
  }
  return { entries: kept, chainOf: chainOf.subarray(0, kept.length), jumpOf: jumpOf.subarray(0, kept.length) };
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
function hookLimits(name: TableName, kept: Kept, reached: Uint8Array, dropped: Uint8Array, problems: TableProblem[]): void {
  const hooks = TABLE_HOOKS[name];
  kept.entries.forEach((e, r) => {
    if (e.draft.constraints.length === 0 || dropped[r]) return;
    const mask = reached[kept.chainOf[r]];
    for (const c of e.draft.constraints) {
      const bad = hooks.filter((h, bit) => mask & (1 << bit) && !c.hooks.includes(h));
      if (bad.length > 0) {
        problems.push({
          lineNo: e.lineNo,
          col: c.col,
          message: `${c.what} is only valid in chains reached from ${name} ${c.hooks.join('/')}, but ${e.draft.chain} is reached from ${bad.join('/')} (the kernel refuses the table)`,
        });
        dropped[r] = 1;
        break;
      }
    }
  });
}

/** Step 4: the chains, built-ins first (hook order), then user chains in declaration order; rules numbered from 1. */
function assemble(name: TableName, decls: readonly ChainDecl[], numbers: ReadonlyMap<string, number>, kept: Kept, g: JumpGraph, dropped: Uint8Array): Record<string, Chain> {
  const rulesOf = (c: number | undefined): Rule[] => {
    if (c === undefined) return [];
    const chain = decls[c].name;
    const rules: Rule[] = [];
    for (let k = g.start[c]; k < g.start[c + 1]; k++) {
      const r = g.rules[k];
      if (dropped[r]) continue;
      const e = kept.entries[r];
      rules.push({ table: name, chain, index: rules.length + 1, text: e.text, matches: e.draft.matches, target: e.draft.target, source: e.source });
    }
    // A copy of exactly its length (most chains of a node hold one to three rules).
    return rules.slice();
  };
  const chains: Record<string, Chain> = {};
  for (const h of TABLE_HOOKS[name]) {
    const c = numbers.get(h);
    const d = c === undefined ? undefined : decls[c];
    chains[h] = { name: h, builtin: true, policy: d?.policy ?? 'ACCEPT', rules: rulesOf(c), ...(d ? { source: d.source } : {}) };
  }
  decls.forEach((d, c) => {
    if (!d.builtin) chains[d.name] = { name: d.name, builtin: false, rules: rulesOf(c), source: d.source };
  });
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
  const numbers = new Map<string, number>();
  decls.forEach((d, c) => numbers.set(d.name, c));
  const kept = declaredBeforeUse(name, decls, numbers, entries, problems);
  const g = jumpGraph(decls.length, kept.chainOf, kept.jumpOf);
  // Step 2: jump loops, then the depth of nested calls.
  const dropped = jumpLoops(g, (r, path) => {
    const e = kept.entries[r];
    const names = [...path, path[0]].map((c) => decls[c].name);
    problems.push({ lineNo: e.lineNo, col: e.draft.jumpCol || 1, message: `jump loop ${names.join(' → ')}: the kernel refuses a ruleset whose chains call each other in a cycle (ELOOP)` });
  });
  const builtins = decls.flatMap((d, c) => (d.builtin ? [c] : []));
  // The exact refusal (which rule, which path) is only looked for when some path is too deep.
  if (deepestCall(g, builtins, dropped) >= NFT_JUMP_STACK_SIZE) {
    const loops = new Set(kept.entries.filter((_, r) => dropped[r]));
    problems.push(...jumpDepthProblems(builtins.map((c) => decls[c].name), kept.entries, loops));
  }
  const bases = TABLE_HOOKS[name].map((h) => numbers.get(h) ?? NO_JUMP);
  hookLimits(name, kept, hooksReaching(g, bases, dropped), dropped, problems);
  return { table: { name, chains: assemble(name, decls, numbers, kept, g, dropped) }, problems };
}
