/**
 * Generated small worlds for the kernel harness (fast-check): 2–5 network namespaces joined in a
 * tree by veth pairs or by a bridge (`br0`) in the parent netns, with addresses, routes toward
 * every subnet (sometimes a default route instead, sometimes one missing), ip_forward (sometimes
 * off), br_netfilter and rp_filter switches, and iptables rulesets drawn from the matches and
 * targets the engine supports: addresses, interfaces (with `+` wildcards), protocols and ports,
 * multiport, icmp types, addrtype, conntrack/state, mark, comment, TCP flags; ACCEPT, DROP,
 * RETURN, REJECT (every `--reject-with` type, tcp-reset for TCP), LOG, MARK, DNAT, SNAT,
 * MASQUERADE, user chains reached by `-j` or `-g`, and built-in chain policies. So that ICMP errors
 * and TCP resets travel back in a good share of worlds, two thirds of them also get a REJECT rule
 * for the flow's protocol in filter INPUT, FORWARD or OUTPUT (or a user chain of it), two thirds a
 * route of type unreachable or prohibit, and most a route left out (a router with no route back
 * or forward). Each world carries one flow (TCP, UDP or ICMP) from one netns to an
 * address of the world or to a service address that a DNAT rule may translate.
 *
 * A world is generated as a {@link Genome} of small numbers (what fast-check draws and shrinks) and
 * turned into scenario YAML by {@link buildScenario}, which never fails: every genome is a valid
 * scenario, so shrinking always stays inside the format.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { buildRuleset, PORTS } from './gen-rules';
import { buildTopology, pick, VIP } from './gen-topology';

export { PORTS } from './gen-rules';
export { VIP } from './gen-topology';
export type { GenOptions, Genome, RuleGene } from './gen-types';
import type { GenOptions, Genome, RuleGene } from './gen-types';

const ruleGene: fc.Arbitrary<RuleGene> = fc.record({
  hook: fc.nat(40),
  user: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 }) }),
  proto: fc.nat(9),
  matches: fc.array(fc.record({ kind: fc.nat(40), a: fc.nat(40), neg: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }), { maxLength: 3 }),
  target: fc.record({ kind: fc.nat(40), a: fc.nat(40) }),
});

/** The fast-check arbitrary of genomes. */
export const genomeArb: fc.Arbitrary<Genome> = fc.record({
  n: fc.integer({ min: 2, max: 5 }),
  parents: fc.array(fc.nat(8), { minLength: 4, maxLength: 4 }),
  bridged: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  noForward: fc.array(fc.nat(9), { minLength: 5, maxLength: 5 }),
  defaultRoute: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  dropRoute: fc.option(fc.nat(30), { freq: 6 }),
  brnf: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  rpFilter: fc.array(fc.nat(9), { minLength: 5, maxLength: 5 }),
  rules: fc.array(fc.array(ruleGene, { maxLength: 7 }), { minLength: 5, maxLength: 5 }),
  policies: fc.array(fc.nat(14), { minLength: 15, maxLength: 15 }),
  vip: fc.option(fc.record({ where: fc.nat(8), chain: fc.nat(3), to: fc.nat(30), port: fc.nat(3) }), { freq: 2 }),
  reject: fc.option(fc.record({ where: fc.nat(8), hook: fc.nat(2), user: fc.boolean(), kind: fc.nat(20), first: fc.nat(3).map((k) => k > 0) }), { freq: 4 }),
  badRoute: fc.option(fc.record({ where: fc.nat(8), route: fc.nat(8), type: fc.nat(1) }), { freq: 3 }),
  flow: fc.record({ from: fc.nat(8), dst: fc.nat(40), proto: fc.nat(5), dport: fc.nat(6) }),
});

/** One generated case: its id, the genome and the scenario text. */
export interface GenCase {
  readonly id: string;
  readonly genome: Genome;
  readonly yaml: string;
}

/** Turns a genome into scenario YAML (always valid). */
export function buildScenario(g: Genome, id = 'generated', opt: GenOptions = { avoidKnown: true }): string {
  const { n, names, ifaces, lans, routes } = buildTopology(g);

  // Every address of the world (the flow's and the rules' pool).
  const addrs: { ns: number; addr: string; subnet: string; ifname: string }[] = lans.flatMap((l) => l.members.map((m) => ({ ns: m.ns, addr: m.addr, subnet: l.subnet, ifname: m.ifname })));
  const from = g.flow.from % n;
  const proto = pick(['tcp', 'tcp', 'udp', 'udp', 'icmp', 'tcp'] as const, g.flow.proto);
  const dstPool = [...addrs.filter((a) => a.ns !== from).map((a) => a.addr), ...addrs.filter((a) => a.ns === from).map((a) => a.addr), VIP];
  const dst = g.flow.dst % 9 === 8 ? VIP : pick(dstPool.slice(0, -1), g.flow.dst);
  const dport = proto === 'icmp' ? undefined : pick(PORTS, g.flow.dport);

  const ctx = { n, ifaces, lans, addrs, from, proto, dst, dport, opt };
  const rulesets = names.map((_, x) => buildRuleset(g, x, ctx));

  const hosts = names.map((name, x) => {
    const sysctls: Record<string, number> = {};
    const forwards = ifaces[x].length > 1 || x === 0;
    sysctls['net.ipv4.ip_forward'] = forwards && g.noForward[x] !== 0 ? 1 : 0;
    // A bridged DNAT back out of its ingress port is sent by the kernel's first packet and dropped
    // by the engine (known disagreement, cases/known-bridged-dnat-same-port.yaml): no br_netfilter
    // beside PREROUTING DNAT while avoiding it.
    const preDnat = /^-A (PREROUTING|PW-PRE\d) .*-j DNAT/m.test(rulesets[x] ?? '');
    if (ifaces[x].some((i) => i.type === 'bridge')) sysctls['net.bridge.bridge-nf-call-iptables'] = g.brnf[x] && !(opt.avoidKnown && preDnat) ? 1 : 0;
    if (g.rpFilter[x] === 0) sysctls['net.ipv4.conf.all.rp_filter'] = 1;
    const h: Record<string, unknown> = { name, kind: 'node', interfaces: ifaces[x] };
    if (routes[x].length) h.routes = `${routes[x].join('\n')}\n`;
    h.sysctls = sysctls;
    if (rulesets[x]) h.iptables = rulesets[x];
    return h;
  });
  const flow: Record<string, unknown> = { name: 'probe', from: names[from], protocol: proto, dst };
  if (dport !== undefined) flow.dport = dport;
  return stringify({ version: 1, metadata: { title: `generated world ${id}` }, hosts, flows: [flow] }, { lineWidth: 0 });
}

/** The genomes of a run: `runs` draws from `seed` (the same as fast-check's runs with that seed). */
export function genomes(runs: number, seed: number): Genome[] {
  return fc.sample(genomeArb, { numRuns: runs, seed });
}

/** Generates `runs` cases from `seed`, deterministically. */
export function generateCases(runs: number, seed: number, opt: GenOptions = { avoidKnown: true }): GenCase[] {
  return genomes(runs, seed).map((g, i) => {
    const id = `s${seed}-${String(i).padStart(3, '0')}`;
    return { id, genome: g, yaml: buildScenario(g, id, opt) };
  });
}

/**
 * Shrinks generated case `index` of `seed` with fast-check: replays it and searches smaller genomes
 * for which `agrees` is still false. Returns the smallest failing scenario found within `budgetMs`
 * (the original when nothing smaller fails), with the number of kernel runs spent.
 */
export async function shrinkCase(seed: number, index: number, agrees: (yaml: string) => Promise<boolean>, opt: GenOptions & { budgetMs: number }): Promise<{ yaml: string; runs: number }> {
  let runs = 0;
  let smallest: string | undefined;
  const prop = fc.asyncProperty(genomeArb, async (g) => {
    runs++;
    const yaml = buildScenario(g, `s${seed}-${index}-min`, opt);
    const ok = await agrees(yaml);
    if (!ok) smallest = yaml;
    return ok;
  });
  await fc.check(prop, { seed, path: String(index), endOnFailure: false, interruptAfterTimeLimit: opt.budgetMs, markInterruptAsFailure: false });
  return { yaml: smallest ?? buildScenario(genomes(index + 1, seed)[index], `s${seed}-${index}`, opt), runs };
}
