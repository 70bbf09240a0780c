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
  const hooks = TABLE_HOOKS[name];
  const declByName = new Map(decls.map((d) => [d.name, d]));
  const kept: RuleEntry[] = [];

  // 1. Chains must be declared before a rule appends to them or jumps to them.
  for (const e of entries) {
    const { draft } = e;
    const d = declByName.get(draft.chain);
    if (!d || d.lineNo > e.lineNo) {
      const col = draft.chainCol;
      if (d) problems.push({ lineNo: e.lineNo, col, message: `chain ${draft.chain} is declared on line ${d.lineNo}, after this rule; declare it first` });
      else if ((hooks as readonly string[]).includes(draft.chain))
        problems.push({ lineNo: e.lineNo, col, message: `built-in chain ${draft.chain} has no ":${draft.chain} ACCEPT [0:0]" line in this table` });
      else problems.push({ lineNo: e.lineNo, col, message: `unknown chain "${draft.chain}" in table ${name} (declare it with ":${draft.chain} - [0:0]")` });
      continue;
    }
    if (draft.target.kind === 'jump') {
      const to = draft.target.chain;
      const td = declByName.get(to);
      const col = draft.jumpCol || 1;
      if (!td && (hooks as readonly string[]).includes(to)) {
        problems.push({ lineNo: e.lineNo, col, message: `cannot jump to built-in chain ${to}` });
        continue;
      }
      if (!td) {
        problems.push({ lineNo: e.lineNo, col, message: `unknown chain "${to}" in table ${name}: no ":${to} - [0:0]" line and not a supported target` });
        continue;
      }
      if (td.builtin) {
        problems.push({ lineNo: e.lineNo, col, message: `cannot jump to built-in chain ${to}` });
        continue;
      }
      if (td.lineNo > e.lineNo) {
        problems.push({ lineNo: e.lineNo, col, message: `chain ${to} is declared on line ${td.lineNo}, after this rule; declare it first` });
        continue;
      }
    }
    kept.push(e);
  }

  // 2. Jump loops between user chains: the kernel refuses the table (ELOOP).
  const byChain = new Map<string, RuleEntry[]>();
  for (const d of decls) byChain.set(d.name, []);
  for (const e of kept) byChain.get(e.draft.chain)!.push(e);
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
        problems.push({
          lineNo: e.lineNo,
          col: e.draft.jumpCol || 1,
          message: `jump loop ${[...path, to].join(' → ')}: the kernel refuses a ruleset whose chains call each other in a cycle (ELOOP)`,
        });
        dropped.add(e);
      } else if (s === undefined) {
        state.set(to, 1);
        stack.push({ chain: to, i: 0 });
      }
    }
  }

  // 2b. Jump depth: nf_tables refuses chains nested 16 calls deep (EMLINK, "Too many links").
  problems.push(
    ...jumpDepthProblems(
      decls.filter((d) => d.builtin).map((d) => d.name),
      kept,
      dropped,
    ),
  );

  // 3. Hooks each chain is reached from, for targets/matches limited to some hooks.
  const reached = new Map<string, Set<HookName>>();
  for (const h of hooks) {
    if (!declByName.has(h)) continue;
    const seen = new Set<string>([h]);
    const queue = [h as string];
    // An index, not shift(): shift is linear, and a node's table has tens of thousands of chains.
    for (let qi = 0; qi < queue.length; qi++) {
      const c = queue[qi];
      if (!reached.has(c)) reached.set(c, new Set());
      reached.get(c)!.add(h);
      for (const e of byChain.get(c) ?? []) {
        if (dropped.has(e) || e.draft.target.kind !== 'jump') continue;
        const to = e.draft.target.chain;
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
  }
  for (const e of kept) {
    if (dropped.has(e)) continue;
    const from = reached.get(e.draft.chain);
    if (!from) continue;
    for (const c of e.draft.constraints) {
      const bad = [...from].filter((h) => !c.hooks.includes(h));
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

  // 4. Assemble: built-ins first (hook order), then user chains in declaration order.
  const chains: Record<string, Chain> = {};
  for (const h of hooks) {
    const d = declByName.get(h);
    chains[h] = { name: h, builtin: true, policy: d?.policy ?? 'ACCEPT', rules: [], ...(d ? { source: d.source } : {}) };
  }
  for (const d of decls) if (!d.builtin) chains[d.name] = { name: d.name, builtin: false, rules: [], source: d.source };
  for (const [chain, list] of byChain) {
    const rules: Rule[] = [];
    for (const e of list) {
      if (dropped.has(e)) continue;
      rules.push({
        table: name,
        chain,
        index: rules.length + 1,
        text: e.text,
        matches: e.draft.matches,
        target: e.draft.target,
        source: e.source,
      });
    }
    // A copy of exactly its length (most chains of a node hold one to three rules).
    chains[chain] = { ...chains[chain], rules: rules.slice() };
  }
  return { table: { name, chains }, problems };
}
