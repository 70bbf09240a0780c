/**
 * The kernel's limit on nested chain calls. nf_tables validates every path from a base chain
 * (`nft_chain_validate`: a chain reached at level NFT_JUMP_STACK_SIZE fails with EMLINK), so
 * iptables-nft refuses a table whose jumps or gotos nest 16 deep: `iptables-restore` prints
 * `RULE_APPEND failed (Too many links)` at each rule that jumps into a chain at level 16 and at
 * each rule of such a chain (measured with iptables v1.8.9 (nf_tables)). Chains no base chain
 * reaches are not checked. Goto counts like jump.
 */
import type { DraftRule } from './rule';

/** What the check reads of a parsed `-A` line (table.ts's RuleEntry). */
interface RuleEntry {
  readonly lineNo: number;
  readonly draft: DraftRule;
}

/** A refused rule, positioned in the block's text (table.ts's TableProblem). */
interface TableProblem {
  readonly lineNo: number;
  readonly col: number;
  readonly message: string;
}

/** net/netfilter/nf_tables_api.c: the interpreter's jump stack, and so the deepest chain level + 1. */
export const NFT_JUMP_STACK_SIZE = 16;

/**
 * Problems for rules past the jump-depth limit.
 * @param builtins the table's declared built-in chains (level 0).
 * @param byChain each chain's rules in order.
 * @param dropped rules already refused (their jumps do not count).
 */
export function jumpDepthProblems<E extends RuleEntry>(builtins: readonly string[], byChain: ReadonlyMap<string, readonly E[]>, dropped: ReadonlySet<E>): TableProblem[] {
  const { level, via } = longestLevels(builtins, byChain, dropped);
  const problems: TableProblem[] = [];
  const pathTo = (chain: string): string => {
    const names: string[] = [chain];
    for (let c = via.get(chain); c !== undefined; c = via.get(c)) names.unshift(c);
    return names.length > 6 ? [...names.slice(0, 3), '…', ...names.slice(-2)].join(' → ') : names.join(' → ');
  };
  for (const [chain, rules] of byChain) {
    const l = level.get(chain);
    if (l === undefined) continue;
    for (const e of rules) {
      if (dropped.has(e)) continue;
      const jump = e.draft.target.kind === 'jump' ? e.draft.target.chain : undefined;
      if (l < NFT_JUMP_STACK_SIZE && (jump === undefined || l + 1 < NFT_JUMP_STACK_SIZE)) continue;
      const deep = l >= NFT_JUMP_STACK_SIZE ? chain : jump!;
      const at = l >= NFT_JUMP_STACK_SIZE ? l : l + 1;
      problems.push({
        lineNo: e.lineNo,
        col: (l >= NFT_JUMP_STACK_SIZE ? e.draft.chainTok.col : e.draft.jumpTok?.col) ?? 1,
        message: `chain ${deep} is reached ${at} calls deep (${pathTo(chain)}${deep === chain ? '' : ` → ${deep}`}); the kernel allows ${NFT_JUMP_STACK_SIZE - 1} and refuses the table: RULE_APPEND failed (Too many links)`,
      });
    }
  }
  return problems;
}

/**
 * The deepest level at which each chain reachable from a built-in chain is entered (built-ins are
 * level 0), with the caller on that deepest path. The call graph has no cycles (loops are refused
 * before this runs), so a topological order gives longest paths in linear time.
 */
function longestLevels<E extends RuleEntry>(builtins: readonly string[], byChain: ReadonlyMap<string, readonly E[]>, dropped: ReadonlySet<E>) {
  const callees = (c: string): string[] =>
    (byChain.get(c) ?? []).flatMap((e) => (!dropped.has(e) && e.draft.target.kind === 'jump' ? [e.draft.target.chain] : []));
  // Reachable chains in DFS post-order; reversed, that is a topological order.
  const order: string[] = [];
  const seen = new Set<string>();
  for (const b of builtins) {
    if (seen.has(b)) continue;
    seen.add(b);
    const stack: { chain: string; next: string[] }[] = [{ chain: b, next: callees(b) }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const n = top.next.pop();
      if (n === undefined) {
        order.push(top.chain);
        stack.pop();
      } else if (!seen.has(n) && byChain.has(n)) {
        seen.add(n);
        stack.push({ chain: n, next: callees(n) });
      }
    }
  }
  const level = new Map<string, number>(builtins.filter((b) => seen.has(b)).map((b) => [b, 0]));
  const via = new Map<string, string>();
  for (const c of order.reverse()) {
    const l = level.get(c) ?? 0;
    for (const n of callees(c)) {
      if ((level.get(n) ?? -1) < l + 1) {
        level.set(n, l + 1);
        via.set(n, c);
      }
    }
  }
  return { level, via };
}
