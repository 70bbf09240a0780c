/**
 * What the kernel refuses when a ruleset is committed, checked cheaply on the model
 * (net/netfilter/nf_tables_api.c): a jump/goto to a chain the table does not have or a `@name`
 * the table does not have (ENOENT), a jump/goto to a base chain (EOPNOTSUPP, nft_verdict_init),
 * a jump loop reachable from a base chain (ELOOP) and a chain reached through 16 nested jumps
 * (EMLINK, NFT_JUMP_STACK_SIZE in nft_chain_validate). Measured with nft 1.0.6 on kernel 6.18: the
 * first three are refused by `nft -c -f`; loops and depth only when committed (`nft -f`), and a loop
 * no base chain reaches is accepted. Also a `type nat` chain at a priority not above conntrack's
 * (−200): EOPNOTSUPP ("Operation not supported"; measured: −199 accepted, −200, −250 and `raw`
 * refused), because the NAT core needs conntrack to have run.
 */
import type { NftElement, NftExpr, NftRule, NftRuleset, NftStmt, NftTable, NftVerdict } from '../../../engine/nftables/types';
import type { SourceRef } from '../../../engine/source';

/** NFT_JUMP_STACK_SIZE (include/net/netfilter/nf_tables.h). */
export const NFT_JUMP_STACK_SIZE = 16;

/** A refusal at a rule or element. */
export interface CheckError {
  readonly source?: SourceRef;
  readonly message: string;
}

interface Edge {
  readonly to: string;
  readonly rule: NftRule;
  readonly via: string;
}

/** Every kernel refusal of `ruleset`, each at the rule (or set element) that causes it. */
export function checkRuleset(ruleset: NftRuleset): CheckError[] {
  const out: CheckError[] = [];
  for (const t of ruleset.tables) {
    const edges = new Map<string, Edge[]>();
    for (const s of Object.values(t.sets)) for (const el of s.elements) checkVerdict(t, dataVerdict(el), el.source, `element ${el.text} of map ${s.name}`, out);
    for (const c of Object.values(t.chains)) {
      const list: Edge[] = [];
      for (const r of c.rules) for (const s of r.stmts) checkStmt(t, r, s, list, out);
      edges.set(c.name, list);
    }
    checkGraph(t, edges, out);
    for (const c of Object.values(t.chains))
      if (c.base?.type === 'nat' && c.base.priority <= -200)
        out.push({
          source: c.source,
          message: `nat chain ${c.name} at priority ${c.base.priorityText} (${c.base.priority}): the kernel refuses a nat chain at or below conntrack's priority −200 (EOPNOTSUPP)`,
        });
  }
  return out;
}

function dataVerdict(el: NftElement): NftVerdict | undefined {
  return el.data && 'verdict' in el.data ? el.data.verdict : undefined;
}

/** Jump targets and set references of one statement. */
function checkStmt(t: NftTable, r: NftRule, s: NftStmt, edges: Edge[], out: CheckError[]): void {
  const where = `rule "${r.text}" of chain ${r.chain}`;
  const verdicts: NftVerdict[] = [];
  const exprs: NftExpr[] = [];
  if (s.kind === 'verdict') verdicts.push(s.verdict);
  else if (s.kind === 'vmap') {
    exprs.push(s.key, s.map);
    if (s.map.kind === 'set-ref') {
      const m = t.sets[s.map.name];
      if (m) for (const el of m.elements) pushVerdict(dataVerdict(el));
      if (m && (m.kind !== 'map' || m.dataType !== 'verdict'))
        out.push({ source: r.source, message: `${where}: vmap @${m.name} needs a map of verdicts, but ${m.name} is a ${m.kind === 'map' ? `map of ${m.dataType}` : 'set'}` });
    }
  } else if (s.kind === 'match') exprs.push(s.left, s.right);
  else if (s.kind === 'nat') {
    exprs.push(...[s.addr, s.port].filter((e): e is NftExpr => e !== undefined));
    // nft: in an inet table an address needs its family ("specify `dnat ip' or 'dnat ip6'").
    if (t.family === 'inet' && (s.type === 'dnat' || s.type === 'snat') && s.addr && !s.family)
      out.push({
        source: r.source,
        message: `${where}: in an inet table ${s.type} to an address must name its family (${s.type} ip to …); nft refuses it: "ip or ip6 must be specified with address for inet tables"`,
      });
  } else if (s.kind === 'mark-set') exprs.push(s.value);
  else if (s.kind === 'set-update') {
    exprs.push(s.key);
    if (!t.sets[s.set]) out.push({ source: r.source, message: `${where}: table ${t.family} ${t.name} has no set "${s.set}" (referenced as @${s.set})` });
  }
  function pushVerdict(v: NftVerdict | undefined): void {
    if (v && (v.kind === 'jump' || v.kind === 'goto')) edges.push({ to: v.chain, rule: r, via: `${v.kind} ${v.chain}` });
  }
  const walk = (e: NftExpr): void => {
    if (e.kind === 'set-ref' && !t.sets[e.name]) out.push({ source: r.source, message: `${where}: table ${t.family} ${t.name} has no set or map "${e.name}" (referenced as @${e.name})` });
    else if (e.kind === 'anon-set') for (const el of e.elements) verdicts.push(...(dataVerdict(el) ? [dataVerdict(el)!] : []));
    else if (e.kind === 'concat') e.parts.forEach(walk);
    else if (e.kind === 'binop') [e.left, e.right].forEach(walk);
    else if (e.kind === 'map-lookup') [e.key, e.map].forEach(walk);
  };
  exprs.forEach(walk);
  for (const v of verdicts) {
    if (checkVerdict(t, v, r.source, where, out)) pushVerdict(v);
  }
}

/** A jump/goto target must exist and be a regular chain. @returns true when the jump is valid. */
function checkVerdict(t: NftTable, v: NftVerdict | undefined, source: SourceRef | undefined, where: string, out: CheckError[]): boolean {
  if (!v || (v.kind !== 'jump' && v.kind !== 'goto')) return false;
  const target = t.chains[v.chain];
  if (!target) out.push({ source, message: `${where}: ${v.kind} to chain "${v.chain}", which table ${t.family} ${t.name} does not have` });
  else if (target.base) out.push({ source, message: `${where}: ${v.kind} to base chain "${v.chain}" (hook ${target.base.hook}); the kernel refuses jumps to base chains (Operation not supported)` });
  else return true;
  return false;
}

/** Loops and nesting depth, walked from every base chain as nft_chain_validate does. */
function checkGraph(t: NftTable, edges: Map<string, Edge[]>, out: CheckError[]): void {
  const reported = new Set<NftRule>();
  const report = (rule: NftRule, message: string) => {
    if (reported.has(rule)) return;
    reported.add(rule);
    out.push({ source: rule.source, message });
  };
  for (const c of Object.values(t.chains)) {
    if (!c.base) continue;
    const stack: string[] = [c.name];
    const deepest = new Map<string, number>();
    const visit = (chain: string, level: number): void => {
      // A chain already walked at this depth or deeper has nothing new to show at this depth.
      if ((deepest.get(chain) ?? -1) >= level) return;
      deepest.set(chain, level);
      for (const e of edges.get(chain) ?? []) {
        if (stack.includes(e.to)) {
          report(e.rule, `rule "${e.rule.text}" of chain ${e.rule.chain}: ${e.via} closes a loop (${[...stack.slice(stack.indexOf(e.to)), e.to].join(' → ')}); the kernel refuses it (Too many links)`);
          continue;
        }
        if (level + 1 >= NFT_JUMP_STACK_SIZE) {
          report(
            e.rule,
            `rule "${e.rule.text}" of chain ${e.rule.chain}: ${e.via} nests ${level + 1} jumps deep from base chain ${c.name}; the kernel allows at most ${NFT_JUMP_STACK_SIZE - 1} (Too many links)`,
          );
          continue;
        }
        stack.push(e.to);
        visit(e.to, level + 1);
        stack.pop();
      }
    };
    visit(c.name, 0);
  }
}
