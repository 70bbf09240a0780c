/**
 * Deep-chain and long-chain iptables worlds, shared by the kernel harness (deep.ts) and the fuzz
 * target (app/fuzz): a ruleset is planned as user chains of rules, rendered as `iptables-save`
 * text, and its kernel verdict at load time is predicted.
 *
 * What the kernel does (iptables-nft 1.8.9, nf_tables, measured with `iptables-restore` in a
 * network namespace): a jump or goto path from a built-in chain may be at most 15 user chains deep
 * (nf_tables' jump stack, NFT_JUMP_STACK_SIZE 16); the table is validated as each rule is appended,
 * in text order, so the first refused rule is the first one after which some chain sits at level
 * 16 or deeper (`INPUT -j C1 … C15 -j C16` fails at the rule in C15, or at `-A INPUT -j C1` when
 * that rule comes last), reported as `line N: RULE_APPEND failed (Too many links): rule in chain
 * X`, and every later rule of that table fails the same way. Chains no built-in chain reaches are
 * never validated, however deep.
 */

/** One rule of a planned chain: the text after `-A CHAIN `. */
export type RuleText = string;

/** A planned ruleset for one table. */
export interface ChainPlan {
  readonly table: 'filter' | 'mangle';
  /** Built-in chains with their policy and rules (in order). */
  readonly builtins: readonly { readonly name: string; readonly policy: 'ACCEPT' | 'DROP'; readonly rules: readonly RuleText[] }[];
  /** User chains in declaration order. */
  readonly chains: readonly { readonly name: string; readonly rules: readonly RuleText[] }[];
  /**
   * Order in which rules are written: 'builtins-first' (as iptables-save prints them) or
   * 'builtins-last' (the jump that binds the tree comes after the tree is built).
   */
  readonly order: 'builtins-first' | 'builtins-last';
}

/** Deepest path (in user chains) the kernel accepts from a built-in chain. */
export const MAX_JUMP_DEPTH = 15;

const BUILTIN: Record<ChainPlan['table'], readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
};

/** The rendered ruleset: text lines and, for each `-A` line, its chain and 1-based line number. */
export interface Rendered {
  readonly lines: readonly string[];
  readonly rules: readonly { readonly chain: string; readonly target?: string; readonly line: number }[];
}

/** Renders a plan as `iptables-save` text (one table, ending in COMMIT). */
export function renderPlan(p: ChainPlan): Rendered {
  const lines = [`*${p.table}`];
  for (const b of BUILTIN[p.table]) lines.push(`:${b} ${p.builtins.find((x) => x.name === b)?.policy ?? 'ACCEPT'} [0:0]`);
  for (const c of p.chains) lines.push(`:${c.name} - [0:0]`);
  const rules: { chain: string; target?: string; line: number }[] = [];
  const emit = (chain: string, rs: readonly RuleText[]) => {
    for (const r of rs) {
      lines.push(`-A ${chain} ${r}`);
      const m = /(?:^|\s)-[jg] (\S+)/.exec(r);
      rules.push({ chain, target: m?.[1], line: lines.length });
    }
  };
  const builtins = () => p.builtins.forEach((b) => emit(b.name, b.rules));
  if (p.order === 'builtins-first') builtins();
  for (const c of p.chains) emit(c.name, c.rules);
  if (p.order === 'builtins-last') builtins();
  lines.push('COMMIT');
  return { lines, rules };
}

/** Longest path (in user chains) from a built-in chain to each reachable user chain. */
export function chainLevels(edges: ReadonlyMap<string, ReadonlySet<string>>, builtins: readonly string[]): Map<string, number> {
  const level = new Map<string, number>();
  // The graphs planned here are acyclic; the cap only guards against a caller's cycle.
  const visit = (c: string, d: number) => {
    if (d > 64 || (level.get(c) ?? -1) >= d) return;
    level.set(c, d);
    for (const t of edges.get(c) ?? []) visit(t, d + 1);
  };
  for (const b of builtins) visit(b, 0);
  for (const b of builtins) level.delete(b);
  return level;
}

/**
 * The 1-based line (in the rendered text) of the first rule the kernel refuses with "Too many
 * links", or undefined when the table loads.
 */
export function firstRefusedLine(p: ChainPlan, r: Rendered = renderPlan(p)): number | undefined {
  const user = new Set(p.chains.map((c) => c.name));
  const edges = new Map<string, Set<string>>();
  const builtins = BUILTIN[p.table];
  for (const rule of r.rules) {
    if (!rule.target || !user.has(rule.target)) continue;
    if (!edges.has(rule.chain)) edges.set(rule.chain, new Set());
    edges.get(rule.chain)!.add(rule.target);
    const levels = chainLevels(edges, builtins);
    if ([...levels.values()].some((l) => l > MAX_JUMP_DEPTH)) return rule.line;
  }
  return undefined;
}

/** Payload rules that never match a probe from 10.0.0.0/8 (or from anywhere, for port 1–999). */
export function missRule(i: number): RuleText {
  const k = i % 3;
  if (k === 0) return `-s 192.0.2.${(i % 254) + 1}/32 -j DROP`;
  if (k === 1) return `-p udp -m udp --dport ${1000 + (i % 5000)} -j DROP`;
  return `-s 198.51.100.${(i % 254) + 1}/32 -j RETURN`;
}

/** A payload rule that matches every packet and does not end the walk. */
export function markRule(i: number): RuleText {
  return `-j MARK --set-xmark 0x${((i % 255) + 1).toString(16)}/0xff`;
}

/** Parameters of a deep jump chain. */
export interface DeepShape {
  readonly depth: number;
  /** 'j' jumps, 'g' gotos, 'mixed': gotos at some levels. */
  readonly via: 'j' | 'g' | 'mixed';
  /** Jumps per level (2 or more: diamond-shaped, every path walked). */
  readonly width: number;
  /** Payload rules per chain (before and after the jumps). */
  readonly payload: number;
  /** Whether the built-in chain jumps into the tree at all (unreachable trees load). */
  readonly reachable: boolean;
  readonly hook: string;
  readonly policy: 'ACCEPT' | 'DROP';
  readonly order: ChainPlan['order'];
  /** Payload rules that match (MARK) instead of never matching. */
  readonly marks: boolean;
}

/** A chain tree C1 → C2 → … → C<depth> under `hook` (all rules non-terminal for the probe). */
export function deepPlan(s: DeepShape, table: ChainPlan['table'] = 'filter'): ChainPlan {
  const pay = (lvl: number) => Array.from({ length: s.payload }, (_, i) => (s.marks ? markRule(lvl * 7 + i) : missRule(lvl * 7 + i)));
  const chains = Array.from({ length: s.depth }, (_, i) => {
    const lvl = i + 1;
    const next = lvl < s.depth ? `C${lvl + 1}` : undefined;
    const how = s.via === 'mixed' ? (lvl % 3 === 0 ? 'g' : 'j') : s.via;
    const jumps = next ? Array.from({ length: s.width }, () => `-${how} ${next}`) : [];
    return { name: `C${lvl}`, rules: [...pay(lvl), ...jumps, ...pay(lvl + 50)] };
  });
  const entry = s.reachable ? [`-${s.via === 'g' ? 'g' : 'j'} C1`] : [];
  return { table, order: s.order, chains, builtins: [{ name: s.hook, policy: s.policy, rules: [...pay(0), ...entry] }] };
}

/** Parameters of a long chain jumped to several times. */
export interface LongShape {
  readonly length: number;
  readonly entries: number;
  /** Every `markEvery`-th rule is a matching MARK rule (0: none). */
  readonly markEvery: number;
  readonly hook: string;
  readonly policy: 'ACCEPT' | 'DROP';
}

/** One user chain `LONG` of `length` rules, jumped to `entries` times from `hook`. */
export function longPlan(s: LongShape, table: ChainPlan['table'] = 'filter'): ChainPlan {
  const rules = Array.from({ length: s.length }, (_, i) => (s.markEvery && i % s.markEvery === s.markEvery - 1 ? markRule(i) : missRule(i)));
  const entryMatches = ['', '-s 10.0.0.0/8 ', '-m comment --comment again '];
  const entry = Array.from({ length: s.entries }, (_, i) => `${entryMatches[i % entryMatches.length]}-j LONG`);
  return { table, order: 'builtins-first', chains: [{ name: 'LONG', rules }], builtins: [{ name: s.hook, policy: s.policy, rules: entry }] };
}

/** A two-netns world whose server runs the planned tables, and where the kernel refuses it. */
export interface ChainWorld {
  readonly yaml: string;
  /** File line of the first rule `iptables-restore` refuses (undefined: the rules load). */
  readonly refusedLine?: number;
  /** The same, as `iptables-restore` numbers it (line of the iptables text). */
  readonly refusedBlockLine?: number;
  /** Where the request must end when the rules load: the INPUT policy decides it. */
  readonly request: { readonly result: 'delivered' | 'dropped'; readonly netns: string };
}

/**
 * A client (10.0.0.1) and a server (10.0.0.2) joined by a veth pair; the server's iptables text is
 * the plans rendered one after another; one flow from the client to the server.
 */
export function chainWorld(plans: readonly ChainPlan[], proto: 'tcp' | 'udp' | 'icmp', title: string): ChainWorld {
  const head = [
    'version: 1',
    'metadata:',
    `  title: ${JSON.stringify(title)}`,
    'hosts:',
    '  - name: client',
    '    kind: node',
    '    interfaces:',
    '      - { name: eth0, type: veth, addresses: [10.0.0.1/24], peer: server/eth0 }',
    '  - name: server',
    '    kind: node',
    '    interfaces:',
    '      - { name: eth0, type: veth, addresses: [10.0.0.2/24], peer: client/eth0 }',
    '    iptables: |',
  ];
  const block: string[] = [];
  let refusedBlockLine: number | undefined;
  for (const p of plans) {
    const r = renderPlan(p);
    const bad = firstRefusedLine(p, r);
    if (bad !== undefined && refusedBlockLine === undefined) refusedBlockLine = block.length + bad;
    block.push(...r.lines);
  }
  const flow = ['flows:', '  - name: probe', '    from: client', `    protocol: ${proto}`, '    dst: 10.0.0.2', ...(proto === 'icmp' ? [] : ['    dport: 80'])];
  const yaml = `${[...head, ...block.map((l) => `      ${l}`), ...flow].join('\n')}\n`;
  const input = plans.flatMap((p) => p.builtins).filter((b) => b.name === 'INPUT');
  const dropped = input.some((b) => b.policy === 'DROP');
  return {
    yaml,
    refusedBlockLine,
    refusedLine: refusedBlockLine === undefined ? undefined : head.length + refusedBlockLine,
    request: dropped ? { result: 'dropped', netns: 'server' } : { result: 'delivered', netns: 'server' },
  };
}
