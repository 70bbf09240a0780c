/**
 * Turns one `*table … COMMIT` block (chain declarations plus draft rules) into a `Table`, with the
 * checks iptables-restore and the kernel's table loader make: every chain declared before use, no
 * jump to a built-in chain, no jump loops (`mark_source_chains` → ELOOP), no chain nested 16 calls
 * deep (nf_tables EMLINK, jump-depth.ts), and targets/matches only
 * at hooks that allow them (`xt_check_target`/`xt_check_match` with the chain's hook mask). The
 * graph checks run on chain numbers (jump-graph.ts).
 */
import type { Chain, Match, Rule, Table, TableName, Target } from '../../../engine/netfilter/types';
import type { SourceRef } from '../../../engine/source';
import type { HookConstraint } from './common';
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

/** A rule whose `index` is set when its table is finished. */
type Draft = { -readonly [K in keyof Rule]: Rule[K] };

/**
 * The parsed `-A` lines of a block, in text order: each one's Rule (the object the World keeps; its
 * `index` is set when the table is finished) and, beside it, what only the table's checks read
 * (line, columns, hook limits). A node's dump has tens of thousands of rules: no object per rule
 * lives through the parse but the Rule itself.
 */
export class BlockRules {
  readonly rules: Draft[] = [];
  readonly lineNo: number[] = [];
  readonly chainCol: number[] = [];
  /** Column of the chain name of `-j CHAIN`/`-g CHAIN` (0 without a jump). */
  readonly jumpCol: number[] = [];
  /** Hook limits by position in `rules` (most rules have none). */
  readonly constraints = new Map<number, readonly HookConstraint[]>();
  /** The kinds of match and target of the rules added with `noteKinds` (Table.partKinds). */
  readonly kinds = new Set<Match['kind'] | Target['kind']>();

  /**
   * Adds the rule of line `lineNo` from its parse (`draft`), its text and source.
   * @param noteKinds false for a rule built from a shape whose first rule's kinds were noted (rule-shape.ts).
   */
  add(table: TableName, lineNo: number, text: string, source: SourceRef, draft: DraftRule, noteKinds = true): void {
    if (noteKinds) {
      for (const m of draft.matches) this.kinds.add(m.kind);
      this.kinds.add(draft.target.kind);
    }
    const r = this.rules.length;
    this.rules.push({ table, chain: draft.chain, index: 0, text, matches: draft.matches, target: draft.target, source });
    this.lineNo.push(lineNo);
    this.chainCol.push(draft.chainCol);
    this.jumpCol.push(draft.jumpCol);
    if (draft.constraints.length > 0) this.constraints.set(r, draft.constraints);
  }
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
  const n = block.rules.length;
  const at = new Int32Array(n);
  const chainOf = new Int32Array(n);
  const jumpOf = new Int32Array(n);
  let kept = 0;
  for (let r = 0; r < n; r++) {
    const rule = block.rules[r];
    const lineNo = block.lineNo[r];
    const c = numbers.get(rule.chain);
    const d = c === undefined ? undefined : decls[c];
    if (c === undefined || !d || d.lineNo > lineNo) {
      const col = block.chainCol[r];
      if (d) problems.push({ lineNo, col, message: `chain ${rule.chain} is declared on line ${d.lineNo}, after this rule; declare it first` });
      else if (hooks.includes(rule.chain)) problems.push({ lineNo, col, message: `built-in chain ${rule.chain} has no ":${rule.chain} ACCEPT [0:0]" line in this table` });
      else problems.push({ lineNo, col, message: `unknown chain "${rule.chain}" in table ${name} (declare it with ":${rule.chain} - [0:0]")` });
      continue;
    }
    let to = NO_JUMP;
    if (rule.target.kind === 'jump') {
      const t = numbers.get(rule.target.chain);
      const problem = jumpProblem(name, rule.target.chain, t === undefined ? undefined : decls[t], lineNo);
      if (problem) {
        problems.push({ lineNo, col: block.jumpCol[r] || 1, message: problem });
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
  kept.at.forEach((b, r) => {
    const constraints = block.constraints.get(b);
    if (!constraints || dropped[r]) return;
    const mask = reached[kept.chainOf[r]];
    for (const c of constraints) {
      const bad = hooks.filter((h, bit) => mask & (1 << bit) && !c.hooks.includes(h));
      if (bad.length > 0) {
        problems.push({
          lineNo: block.lineNo[b],
          col: c.col,
          message: `${c.what} is only valid in chains reached from ${name} ${c.hooks.join('/')}, but ${block.rules[b].chain} is reached from ${bad.join('/')} (the kernel refuses the table)`,
        });
        dropped[r] = 1;
        break;
      }
    }
  });
}

/** Step 4: the chains, built-ins first (hook order), then user chains in declaration order; rules numbered from 1. */
function assemble(name: TableName, decls: readonly ChainDecl[], numbers: ReadonlyMap<string, number>, block: BlockRules, kept: Kept, g: JumpGraph, dropped: Uint8Array): Record<string, Chain> {
  const rulesOf = (c: number | undefined): Rule[] => {
    if (c === undefined) return [];
    const rules: Rule[] = [];
    for (let k = g.start[c]; k < g.start[c + 1]; k++) {
      const r = g.rules[k];
      if (dropped[r]) continue;
      const rule = block.rules[kept.at[r]];
      rule.index = rules.length + 1;
      rules.push(rule);
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
export function finishTable(name: TableName, decls: readonly ChainDecl[], block: BlockRules): { table: Table; problems: TableProblem[] } {
  const problems: TableProblem[] = [];
  const numbers = new Map<string, number>();
  decls.forEach((d, c) => numbers.set(d.name, c));
  const kept = declaredBeforeUse(name, decls, numbers, block, problems);
  const g = jumpGraph(decls.length, kept.chainOf, kept.jumpOf);
  // Step 2: jump loops, then the depth of nested calls.
  const dropped = jumpLoops(g, (r, path) => {
    const b = kept.at[r];
    const names = [...path, path[0]].map((c) => decls[c].name);
    problems.push({ lineNo: block.lineNo[b], col: block.jumpCol[b] || 1, message: `jump loop ${names.join(' → ')}: the kernel refuses a ruleset whose chains call each other in a cycle (ELOOP)` });
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
  const entries = Array.from(kept.at, (b) => {
    const rule = block.rules[b];
    return { lineNo: block.lineNo[b], chain: rule.chain, jump: rule.target.kind === 'jump' ? rule.target.chain : undefined, chainCol: block.chainCol[b], jumpCol: block.jumpCol[b] };
  });
  return jumpDepthProblems(builtins, entries, new Set(entries.filter((_, r) => dropped[r])));
}
