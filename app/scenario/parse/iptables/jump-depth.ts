/**
 * The kernel's limit on nested chain calls. nf_tables validates every path from a base chain
 * (`nft_chain_validate`: a chain reached at level NFT_JUMP_STACK_SIZE fails with EMLINK), and
 * iptables-nft appends a table's rules in text order, so `iptables-restore` refuses the first rule
 * after which some chain is reached 16 calls deep — `RULE_APPEND failed (Too many links)` — and
 * every later rule of the table with it (measured with iptables v1.8.9 (nf_tables): the rule that
 * makes the path too deep may be the jump into the deepest chain or, when the tree is written
 * first, the built-in chain's jump into it). Chains no base chain reaches are not checked. Goto
 * counts like jump.
 */
/** What the check reads of a parsed `-A` line. */
interface RuleEntry {
  readonly lineNo: number;
  readonly chain: string;
  /** The chain a `-j CHAIN`/`-g CHAIN` names, or undefined. */
  readonly jump: string | undefined;
  readonly chainCol: number;
  readonly jumpCol: number;
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
 * The refusal of a table whose chains nest too deep, at the first rule the kernel refuses.
 * @param builtins the table's declared built-in chains (level 0).
 * @param entries the table's rules (any order; they are taken in text order).
 * @param dropped rules already refused for other reasons (they are not appended).
 * @returns no problem, or one at the first refused rule whose message also counts the later ones.
 */
export function jumpDepthProblems<E extends RuleEntry>(builtins: readonly string[], entries: readonly E[], dropped: ReadonlySet<E>): TableProblem[] {
  const ordered = entries.filter((e) => !dropped.has(e)).sort((a, b) => a.lineNo - b.lineNo);
  const level = new Map<string, number>(builtins.map((b) => [b, 0]));
  const via = new Map<string, string>();
  const edges = new Map<string, string[]>();
  for (let i = 0; i < ordered.length; i++) {
    const e = ordered[i];
    if (e.jump === undefined) continue;
    const from = e.chain;
    const to = e.jump;
    const out = edges.get(from);
    if (out) out.push(to);
    else edges.set(from, [to]);
    const l = level.get(from);
    if (l === undefined) continue;
    const deep = raise(to, l + 1, from, level, via, edges);
    if (deep === undefined) continue;
    const later = ordered.length - i - 1;
    return [
      {
        lineNo: e.lineNo,
        col: e.jumpCol || e.chainCol,
        message: `with this rule chain ${deep} is reached ${NFT_JUMP_STACK_SIZE} calls deep (${pathTo(deep, via)}); the kernel allows ${NFT_JUMP_STACK_SIZE - 1} and refuses the table: RULE_APPEND failed (Too many links) here${later ? ` and at the ${later} later rule${later === 1 ? '' : 's'} of the table` : ''}`,
      },
    ];
  }
  return [];
}

/**
 * Raises `chain` to `lvl` (when deeper than known) and everything it calls with it.
 * @returns the first chain that reaches NFT_JUMP_STACK_SIZE, or undefined. Levels stay below
 *   the limit until then, so each chain is raised at most 16 times.
 */
function raise(chain: string, lvl: number, caller: string, level: Map<string, number>, via: Map<string, string>, edges: ReadonlyMap<string, readonly string[]>): string | undefined {
  const stack: [string, number, string][] = [[chain, lvl, caller]];
  while (stack.length) {
    const [c, l, from] = stack.pop()!;
    if ((level.get(c) ?? -1) >= l) continue;
    level.set(c, l);
    via.set(c, from);
    if (l >= NFT_JUMP_STACK_SIZE) return c;
    for (const n of edges.get(c) ?? []) stack.push([n, l + 1, c]);
  }
  return undefined;
}

/** `INPUT → C1 → … → C16`, shortened in the middle. */
function pathTo(chain: string, via: ReadonlyMap<string, string>): string {
  const names: string[] = [chain];
  for (let c = via.get(chain); c !== undefined && names.length <= NFT_JUMP_STACK_SIZE; c = via.get(c)) names.unshift(c);
  return names.length > 6 ? [...names.slice(0, 3), '…', ...names.slice(-2)].join(' → ') : names.join(' → ');
}
