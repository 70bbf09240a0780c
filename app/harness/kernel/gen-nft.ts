/**
 * Generated nftables worlds for the kernel harness: a generated iptables world (gen.ts, the same
 * topology, iptables rulesets and flow) plus, in some namespaces, an nftables ruleset drawn from
 * what the engine evaluates (nft(8)): base chains of family `ip` or `inet` at every IPv4 hook,
 * of type filter (priorities around raw, conntrack, mangle, DNAT, filter, SNAT) or nat (priorities
 * above conntrack's −200, the kernel's limit), with policy accept or drop; a regular chain reached
 * by `jump`/`goto`; matches on addresses (also anonymous sets), `meta l4proto`, ports (`tcp dport`,
 * `th dport`), `iifname`/`oifname`, `ct state`, `meta mark`, `fib daddr type local`; statements
 * `accept`, `drop`, `return`, `counter`, `meta mark set`, `reject` (with `tcp reset` after a TCP
 * match), `dnat to`, `snat to`, `masquerade`. So iptables and nftables meet on the same hooks in the
 * same netns, at equal and different priorities, in NAT and filter chains.
 *
 * Drawn from their own fast-check stream (seed + 7919), so the iptables worlds of a seed stay as
 * they were; each world is a valid scenario.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { genomes } from './gen';
import { buildScenario, PORTS } from './gen';
import { pick, VIP } from './gen-topology';
import type { GenCase, GenOptions } from './gen';

/** One drawn nft rule: match and statement kinds with their arguments (indices into pools). */
interface NftRuleGene {
  readonly matches: readonly { readonly kind: number; readonly a: number; readonly neg: boolean }[];
  readonly stmt: { readonly kind: number; readonly a: number };
}
/** One drawn base chain. */
interface NftChainGene {
  readonly family: number;
  readonly hook: number;
  readonly nat: boolean;
  readonly priority: number;
  readonly drop: boolean;
  readonly rules: readonly NftRuleGene[];
}
/** The nft part of a world: per netns (up to 5) zero to three base chains and a regular chain. */
export interface NftGenome {
  readonly where: readonly boolean[];
  readonly chains: readonly (readonly NftChainGene[])[];
  readonly user: readonly (readonly NftRuleGene[])[];
}

const ruleGene: fc.Arbitrary<NftRuleGene> = fc.record({
  matches: fc.array(fc.record({ kind: fc.nat(40), a: fc.nat(40), neg: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }), { maxLength: 2 }),
  stmt: fc.record({ kind: fc.nat(40), a: fc.nat(40) }),
});
const chainGene: fc.Arbitrary<NftChainGene> = fc.record({
  family: fc.nat(1),
  hook: fc.nat(40),
  nat: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  priority: fc.nat(40),
  drop: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  rules: fc.array(ruleGene, { maxLength: 4 }),
});

/** The fast-check arbitrary of the nft part. */
export const nftGenomeArb: fc.Arbitrary<NftGenome> = fc.record({
  where: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  chains: fc.array(fc.array(chainGene, { minLength: 1, maxLength: 3 }), { minLength: 5, maxLength: 5 }),
  user: fc.array(fc.array(ruleGene, { maxLength: 3 }), { minLength: 5, maxLength: 5 }),
});

type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
const HOOKS: readonly Hook[] = ['prerouting', 'forward', 'forward', 'input', 'output', 'postrouting'];
const NAT_HOOKS: readonly Hook[] = ['prerouting', 'prerouting', 'postrouting', 'postrouting', 'output', 'input'];
/**
 * Filter priorities: around the kernel's own (NF_IP_PRI_*): conntrack −200, mangle −150, DNAT −100,
 * filter 0, security 50, SNAT 100; nothing at or below −300 in prerouting/output (the harness's
 * TRACE rule runs there).
 */
const FILTER_PRIO = [-250, -200, -150, -120, -100, -10, 0, 0, 0, 10, 50, 100, 150];
/** nat chains must be above −200 (nf_tables_api.c: EOPNOTSUPP at or below NF_IP_PRI_CONNTRACK). */
const NAT_PRIO = [-150, -100, -100, -90, 50, 100, 100, 110];

/** What the rules of one netns are drawn against. */
interface Ctx {
  readonly addrs: readonly string[];
  readonly subnets: readonly string[];
  readonly ifaces: readonly string[];
  readonly proto: 'tcp' | 'udp' | 'icmp';
  readonly dport: number | undefined;
}

/** The match part of a rule at `hook` (nft(8) expressions), and the protocol it pins. */
function matchText(r: NftRuleGene, hook: Hook, c: Ctx): { text: string; proto?: string } {
  const parts: string[] = [];
  const used = new Set<string>();
  let proto: string | undefined;
  const ports = [c.dport ?? 80, ...PORTS, 9000];
  for (const m of r.matches) {
    const ne = m.neg ? '!= ' : '';
    const k = m.kind % 10;
    if (k <= 1 && !used.has('saddr')) {
      used.add('saddr');
      parts.push(`ip saddr ${ne}${pick([...c.subnets, ...c.addrs], m.a)}`);
    } else if (k <= 3 && !used.has('daddr')) {
      used.add('daddr');
      parts.push(m.a % 4 === 3 ? `ip daddr { ${pick(c.addrs, m.a)}, ${VIP} }` : `ip daddr ${ne}${pick([...c.addrs, VIP, ...c.subnets], m.a)}`);
    } else if (k === 4 && !proto) {
      proto = pick([c.proto, c.proto, 'tcp', 'udp', 'icmp'], m.a);
      parts.push(`meta l4proto ${proto}`);
    } else if (k === 5 && !used.has('port') && c.proto !== 'icmp') {
      used.add('port');
      const p = proto ?? c.proto;
      if (p === 'icmp') continue;
      proto = p;
      parts.push(m.a % 3 === 2 ? `meta l4proto ${p} th dport ${ne}${pick(ports, m.a)}` : `${p} dport ${ne}${pick(ports, m.a)}`);
    } else if (k === 6 && c.ifaces.length && !used.has('if')) {
      used.add('if');
      const inOk = hook === 'prerouting' || hook === 'input' || hook === 'forward';
      parts.push(`${inOk && (m.a % 2 === 0 || hook !== 'forward') ? 'iifname' : 'oifname'} ${ne}"${pick(c.ifaces, m.a)}"`);
    } else if (k === 7 && !used.has('ct')) {
      used.add('ct');
      parts.push(`ct state ${pick(['new', 'established,related', 'invalid', 'new,established'], m.a)}`);
    } else if (k === 8 && !used.has('mark')) {
      used.add('mark');
      parts.push(`meta mark ${ne}${pick(['0x1', '0x0', '0x4000'], m.a)}`);
    } else if (k === 9 && !used.has('fib') && (hook === 'prerouting' || hook === 'output')) {
      used.add('fib');
      parts.push(`fib daddr type ${ne}local`);
    }
  }
  return { text: parts.join(' '), proto };
}

/** A rule's statement, within what the kernel allows in this chain. */
function stmtText(r: NftRuleGene, hook: Hook, nat: boolean, user: boolean, proto: string | undefined, c: Ctx, family = 'ip'): string {
  // In an inet table an address needs its family: `dnat ip to` (nft refuses `dnat to ADDR` there).
  const fam = family === 'inet' ? ' ip' : '';
  const k = r.stmt.kind % 12;
  const a = r.stmt.a;
  if (nat && !user) {
    if ((hook === 'prerouting' || hook === 'output') && k <= 5) {
      const port = proto === 'tcp' || proto === 'udp' ? `:${pick([80, 8080, 9000], a)}` : '';
      return `dnat${fam} to ${pick(c.addrs, a)}${port}`;
    }
    if ((hook === 'postrouting' || hook === 'input') && k <= 5) return k % 2 && hook === 'postrouting' ? 'masquerade' : `snat${fam} to ${pick(c.addrs, a)}`;
    return pick(['accept', 'counter', 'meta mark set 0x1', 'return'], k);
  }
  if (k <= 2) return 'accept';
  if (k === 3) return 'drop';
  if (k === 4) return 'counter';
  if (k === 5) return `meta mark set ${pick(['0x1', '0x4000'], a)}`;
  if (k === 6 && !user) return a % 2 ? 'jump u' : 'goto u';
  if (k === 7 && user) return 'return';
  if (k <= 8 && (hook === 'input' || hook === 'forward' || hook === 'output'))
    return proto === 'tcp' && a % 2 ? 'reject with tcp reset' : pick(['reject', 'reject with icmp type host-unreachable', 'reject with icmp type admin-prohibited'], a);
  return pick(['accept', 'counter', 'drop'], a);
}

/** The nft ruleset (block form) of netns `x`, or '' when it has none. */
export function buildNftRuleset(ng: NftGenome, x: number, c: Ctx): string {
  if (!ng.where[x]) return '';
  const chains = ng.chains[x] ?? [];
  const byFamily = new Map<string, string[]>();
  let needsUser = false;
  chains.forEach((ch, i) => {
    const family = ch.family % 2 ? 'inet' : 'ip';
    const hook = pick(ch.nat ? NAT_HOOKS : HOOKS, ch.hook);
    const prio = pick(ch.nat ? NAT_PRIO : FILTER_PRIO, ch.priority);
    const lines = [`  chain c${i} {`, `    type ${ch.nat ? 'nat' : 'filter'} hook ${hook} priority ${prio}; policy ${ch.drop && !ch.nat ? 'drop' : 'accept'};`];
    for (const r of ch.rules) {
      const m = matchText(r, hook, c);
      const s = stmtText(r, hook, ch.nat, false, m.proto, c, family);
      if (s.includes(' u')) {
        if (family !== 'ip') continue; // the regular chain lives in the ip table
        needsUser = true;
      }
      lines.push(`    ${[m.text, s].filter(Boolean).join(' ')}`);
    }
    lines.push('  }');
    byFamily.set(family, [...(byFamily.get(family) ?? []), ...lines]);
  });
  if (needsUser) {
    // A regular chain reached from any hook: only matches valid everywhere (no interfaces, no fib).
    const lines = ['  chain u {'];
    for (const r of ng.user[x] ?? []) {
      const m = matchText({ ...r, matches: r.matches.filter((q) => q.kind % 10 !== 6 && q.kind % 10 !== 9) }, 'forward', c);
      const s = stmtText(r, 'forward', false, true, m.proto, c).replace(/^reject.*/, 'drop');
      lines.push(`    ${[m.text, s].filter(Boolean).join(' ')}`);
    }
    lines.push('  }');
    byFamily.set('ip', [...(byFamily.get('ip') ?? []), ...lines]);
  }
  return [...byFamily].map(([family, lines]) => `table ${family} pw {\n${lines.join('\n')}\n}\n`).join('');
}

/**
 * `runs` nft worlds from `seed`: the iptables worlds of gen.ts (same seed, same indices) with an
 * nft ruleset added where the nft genome puts one.
 */
export function generateNftCases(runs: number, seed: number, opt: GenOptions = { avoidKnown: true }): GenCase[] {
  const base = genomes(runs, seed);
  const nft = fc.sample(nftGenomeArb, { numRuns: runs, seed: seed + 7919 });
  return base.map((g, i) => {
    const id = `nft-s${seed}-${String(i).padStart(3, '0')}`;
    const doc = parse(buildScenario(g, id, opt)) as {
      hosts: { name: string; interfaces: { name: string; addresses?: string[] }[]; nftables?: string }[];
      flows: { protocol: 'tcp' | 'udp' | 'icmp'; dport?: number }[];
    };
    const addrs = doc.hosts.flatMap((h) => h.interfaces.flatMap((f) => (f.addresses ?? []).map((a) => a.split('/')[0])));
    const subnets = [...new Set(doc.hosts.flatMap((h) => h.interfaces.flatMap((f) => (f.addresses ?? []).map((a) => a.replace(/\.\d+\/(\d+)$/, '.0/$1')))))];
    const flow = doc.flows[0];
    doc.hosts.forEach((h, x) => {
      const text = buildNftRuleset(nft[i], x, { addrs, subnets, ifaces: h.interfaces.map((f) => f.name), proto: flow.protocol, dport: flow.dport });
      if (text) h.nftables = text;
    });
    return { id, genome: g, yaml: stringify(doc, { lineWidth: 0 }) };
  });
}
