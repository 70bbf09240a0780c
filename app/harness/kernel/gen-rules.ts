/**
 * The iptables rulesets of a generated world (gen.ts): per netns, rules drawn from the genome in the
 * tables and hooks the kernel allows (weighted toward nat and filter), in built-in chains or user
 * chains reached by `-j`/`-g`, with matches and targets the engine supports (REJECT with every
 * `--reject-with` type of iptables-extensions(8), tcp-reset for TCP only); the world's REJECT rule
 * for the flow's protocol on its path; and the service address's DNAT.
 */
import type { GenOptions, Genome } from './gen-types';
import { pick, VIP, type GenIface, type Lan } from './gen-topology';

type Table = 'raw' | 'mangle' | 'nat' | 'filter';
type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

const BUILTIN: Record<Table, Hook[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** Where rules go, weighted toward nat and filter. */
const HOOKS: readonly [Table, Hook][] = [
  ['nat', 'PREROUTING'],
  ['nat', 'PREROUTING'],
  ['nat', 'PREROUTING'],
  ['nat', 'POSTROUTING'],
  ['nat', 'POSTROUTING'],
  ['nat', 'POSTROUTING'],
  ['nat', 'OUTPUT'],
  ['nat', 'OUTPUT'],
  ['nat', 'INPUT'],
  ['filter', 'FORWARD'],
  ['filter', 'FORWARD'],
  ['filter', 'FORWARD'],
  ['filter', 'INPUT'],
  ['filter', 'INPUT'],
  ['filter', 'OUTPUT'],
  ['filter', 'OUTPUT'],
  ['mangle', 'PREROUTING'],
  ['mangle', 'FORWARD'],
  ['mangle', 'OUTPUT'],
  ['mangle', 'POSTROUTING'],
  ['mangle', 'INPUT'],
  ['raw', 'PREROUTING'],
  ['raw', 'OUTPUT'],
];

const SHORT: Record<Hook, string> = { PREROUTING: 'PRE', INPUT: 'IN', FORWARD: 'FWD', OUTPUT: 'OUT', POSTROUTING: 'POST' };
/** Destination ports probes use; DNAT may send them to other ports. */
export const PORTS = [80, 8080, 53, 5000];
const DNAT_PORTS = [80, 8080, 9000];

/** `--reject-with` types of the REJECT target (iptables-extensions(8)), tcp-reset for TCP only. */
const REJECT_WITH = ['icmp-port-unreachable', 'icmp-host-unreachable', 'icmp-net-unreachable', 'icmp-admin-prohibited', 'icmp-host-prohibited', 'icmp-net-prohibited', 'icmp-proto-unreachable'];

/** A REJECT target for a rule matching protocol `p`: tcp-reset on every other TCP rule, else an ICMP type. */
function rejectTarget(p: string | undefined, a: number): string {
  return p === 'tcp' && a % 2 ? '-j REJECT --reject-with tcp-reset' : `-j REJECT --reject-with ${pick(REJECT_WITH, a >> 1)}`;
}

/** What the rules of one netns are drawn against. */
export interface RuleContext {
  readonly n: number;
  readonly ifaces: readonly GenIface[][];
  readonly lans: readonly Lan[];
  readonly addrs: readonly { readonly ns: number; readonly addr: string; readonly subnet: string; readonly ifname: string }[];
  readonly from: number;
  readonly proto: 'tcp' | 'udp' | 'icmp';
  readonly dst: string;
  readonly dport: number | undefined;
  readonly opt: GenOptions;
}

/** The iptables-save text of netns `x` ('' for none). */
export function buildRuleset(g: Genome, x: number, ctx: RuleContext): string {
  const { n, ifaces, lans, addrs, from, proto, dst, dport, opt } = ctx;
  const cidrPool = (x: number) => [
    `${dst}/32`,
    ...addrs.map((a) => `${a.addr}/32`),
    ...lans.map((l) => l.subnet),
    '10.0.0.0/8',
    `${VIP}/32`,
    ...addrs.filter((a) => a.ns === x).map((a) => `${a.addr}/32`),
  ];
  const portPool = [dport ?? 80, ...PORTS, ...DNAT_PORTS, 40123];
  const myIfaces = ifaces[x].map((i) => i.name);
  const chains = new Map<string, { table: Table; hook: Hook; rules: string[] }>();
  const tables = new Set<Table>();
  const chainOf = (table: Table, hook: Hook, user: number) => {
    tables.add(table);
    const name = user ? `PW-${SHORT[hook]}${user}` : hook;
    const key = `${table} ${name}`;
    if (!chains.has(key)) chains.set(key, { table, hook, rules: [] });
    return { key, name };
  };
  const genes = g.rules[x] ?? [];
  const jumpsNeeded = new Set<string>();
  genes.forEach((r) => {
    const [table, hook] = pick(HOOKS, r.hook);
    const user = r.user;
    const { key, name } = chainOf(table, hook, user);
    const rp = proto;
    const p = [undefined, 'tcp', 'udp', 'icmp', rp, rp, rp, undefined, rp, 'tcp'][r.proto % 10];
    const parts: string[] = [];
    const cidrs = cidrPool(x);
    let mods = '';
    const inOk = hook === 'PREROUTING' || hook === 'INPUT' || hook === 'FORWARD';
    const outOk = hook === 'OUTPUT' || hook === 'POSTROUTING' || hook === 'FORWARD';
    const used = new Set<string>();
    let pre = '';
    for (const m of r.matches) {
      const neg = m.neg ? '! ' : '';
      const k = m.kind % 13;
      if (k <= 1 && !used.has('-s')) {
        used.add('-s');
        pre += ` ${neg}-s ${pick(cidrs, m.a)}`;
      } else if (k <= 3 && !used.has('-d')) {
        used.add('-d');
        pre += ` ${neg}-d ${pick(cidrs, m.a + (k === 3 ? 0 : 1))}`;
      } else if (k === 4 && inOk && myIfaces.length && !used.has('-i')) {
        used.add('-i');
        const name = pick(myIfaces, m.a);
        pre += ` ${neg}-i ${m.a % 5 === 4 ? `${name.slice(0, 2)}+` : name}`;
      } else if (k === 5 && outOk && myIfaces.length && !used.has('-o')) {
        used.add('-o');
        const name = pick(myIfaces, m.a);
        pre += ` ${neg}-o ${m.a % 5 === 4 ? `${name.slice(0, 2)}+` : name}`;
      } else if (k === 6 && (p === 'tcp' || p === 'udp') && !used.has('port')) {
        used.add('port');
        const which = m.a % 3 === 2 ? '--sport' : '--dport';
        mods += ` -m ${p} ${neg}${which} ${pick(portPool, m.a)}`;
      } else if (k === 7 && (p === 'tcp' || p === 'udp') && !used.has('port')) {
        used.add('port');
        mods += ` -m multiport ${neg}--dports ${pick(portPool, m.a)},${pick(PORTS, m.a + 1)}`;
      } else if (k === 8 && p === 'icmp' && !used.has('icmp')) {
        used.add('icmp');
        mods += ` -m icmp ${neg}--icmp-type ${pick([8, 0, 3], m.a)}`;
      } else if (k === 9 && !used.has('addrtype')) {
        used.add('addrtype');
        mods += ` -m addrtype ${neg}--${m.a % 3 === 2 ? 'src' : 'dst'}-type ${pick(['LOCAL', 'LOCAL', 'UNICAST', 'BROADCAST'], m.a)}`;
      } else if (k === 10 && !used.has('ct')) {
        used.add('ct');
        mods +=
          m.a % 4 === 3
            ? ` -m state ${neg}--state ${pick(['NEW', 'RELATED,ESTABLISHED'], m.a)}`
            : ` -m conntrack ${neg}--ctstate ${pick(['NEW', 'RELATED,ESTABLISHED', 'DNAT', 'INVALID', 'NEW,ESTABLISHED'], m.a)}`;
      } else if (k === 11 && !used.has('mark')) {
        used.add('mark');
        mods += ` -m mark ${neg}--mark ${pick(['0x1/0x1', '0x4000/0x4000', '0x0/0x1', '0x2'], m.a)}`;
      } else if (k === 12 && p === 'tcp' && !used.has('flags')) {
        used.add('flags');
        mods += m.a % 2 ? ` -m tcp ${neg}--tcp-flags FIN,SYN,RST,ACK SYN` : ` -m tcp ${neg}--tcp-flags SYN,ACK SYN,ACK`;
      } else if (!used.has('comment')) {
        used.add('comment');
        mods += ` -m comment --comment "c${m.a}"`;
      }
    }
    if (p) parts.push(`-p ${p}`);
    // The target, within what the kernel allows at this table and hook.
    const userChains = [1, 2].filter((u) => u > user).map((u) => `PW-${SHORT[hook]}${u}`);
    const t = r.target.kind % 16;
    let target: string;
    const anyAddr = pick(addrs, r.target.a);
    if (t <= 2 && userChains.length) {
      const to = pick(userChains, r.target.a);
      chainOf(table, hook, Number(to.slice(-1)));
      target = `${t === 2 ? '-g' : '-j'} ${to}`;
    } else if (t <= 4) target = table === 'nat' ? '-j ACCEPT' : '-j DROP';
    else if (t === 5) target = '-j RETURN';
    else if (t === 6 && table === 'filter') target = rejectTarget(p, r.target.a);
    else if (t === 7) target = `-j MARK --set-xmark ${pick(['0x1/0x1', '0x4000/0x4000', '0x2/0xffffffff'], r.target.a)}`;
    else if (t === 8) target = '-j LOG';
    else if (t >= 9 && t <= 11 && table === 'nat' && (hook === 'PREROUTING' || hook === 'OUTPUT')) {
      const port = (p === 'tcp' || p === 'udp') && r.target.a % 3 !== 0 ? `:${pick(DNAT_PORTS, r.target.a)}` : '';
      // DNAT back to the client netns makes it receive its own address as source, a martian the
      // kernel drops and the engine delivers (known disagreement,
      // cases/known-martian-own-source.yaml): other netns only while avoiding it.
      const to = opt.avoidKnown
        ? pick(
            addrs.filter((a) => a.ns !== from),
            r.target.a,
          )
        : anyAddr;
      target = `-j DNAT --to-destination ${to.addr}${port}`;
    } else if (t >= 9 && t <= 11 && table === 'nat' && hook === 'POSTROUTING') {
      if (r.target.a % 2) target = '-j MASQUERADE';
      else
        target = `-j SNAT --to-source ${
          pick(
            addrs.filter((a) => a.ns === x),
            r.target.a,
          )?.addr ?? anyAddr.addr
        }`;
    } else if (t >= 9 && t <= 11 && table === 'nat' && hook === 'INPUT') target = `-j SNAT --to-source ${anyAddr.addr}`;
    else target = '-j ACCEPT';
    const text = `-A ${name}${pre}${parts.length ? ` ${parts.join(' ')}` : ''}${mods} ${target}`;
    chains.get(key)!.rules.push(text);
    if (user) jumpsNeeded.add(`${table} ${hook} ${user}`);
  });
  // The world's REJECT rule for the flow's protocol, first or last in its chain.
  if (g.reject && g.reject.where % n === x) {
    // On the flow's path where it can be: OUTPUT in the client, INPUT where the destination
    // address lives, FORWARD elsewhere (the gene picks for a service address).
    const owner = addrs.find((a) => a.addr === dst)?.ns;
    const hook = x === from && g.reject.hook % 3 ? 'OUTPUT' : x === owner ? 'INPUT' : owner === undefined ? (['INPUT', 'FORWARD', 'OUTPUT'] as const)[g.reject.hook % 3] : 'FORWARD';
    const user = g.reject.user ? 1 : 0;
    const { key, name } = chainOf('filter', hook, user);
    const rule = `-A ${name} -p ${proto}${proto === 'icmp' ? ' -m icmp --icmp-type 8' : ''} ${rejectTarget(proto, g.reject.kind)}`;
    if (g.reject.first) chains.get(key)!.rules.unshift(rule);
    else chains.get(key)!.rules.push(rule);
    if (user) jumpsNeeded.add(`filter ${hook} ${user}`);
  }
  // Every user chain in use is reached from its built-in chain.
  for (const j of jumpsNeeded) {
    const [table, hook, user] = j.split(' ') as [Table, Hook, string];
    const { key } = chainOf(table, hook, 0);
    const rules = chains.get(key)!.rules;
    const uname = `PW-${SHORT[hook]}${user}`;
    if (!rules.some((r) => r.endsWith(`-j ${uname}`) || r.endsWith(`-g ${uname}`))) rules.splice(Number(user) % (rules.length + 1), 0, `-A ${hook} -j ${uname}`);
  }
  // The service address, translated somewhere (or not).
  if (g.vip && g.vip.where % n === x) {
    const hook: Hook = g.vip.chain % 2 ? 'PREROUTING' : 'OUTPUT';
    const { key } = chainOf('nat', hook, 0);
    const to = pick(opt.avoidKnown ? addrs.filter((a) => a.ns !== from) : addrs, g.vip.to);
    const ports = proto === 'icmp' ? '' : ` -p ${proto} -m ${proto} --dport ${dport}`;
    chains.get(key)!.rules.unshift(`-A ${hook} -d ${VIP}/32${ports} -j DNAT --to-destination ${to.addr}${proto === 'icmp' || g.vip.port === 0 ? '' : `:${pick(DNAT_PORTS, g.vip.port)}`}`);
  }
  if (!tables.size) {
    return '';
  }
  const order: Table[] = ['raw', 'mangle', 'nat', 'filter'];
  const lines: string[] = [];
  for (const table of order) {
    if (!tables.has(table)) continue;
    lines.push(`*${table}`);
    BUILTIN[table].forEach((h, hi) => {
      const pol = table === 'filter' && g.policies[(x * 3 + hi) % g.policies.length] === 0 ? 'DROP' : 'ACCEPT';
      lines.push(`:${h} ${pol} [0:0]`);
    });
    const users = [...chains.entries()].filter(([k]) => k.startsWith(`${table} PW-`)).map(([k]) => k.split(' ')[1]);
    for (const u of [...new Set(users)].sort()) lines.push(`:${u} - [0:0]`);
    for (const [k, c] of chains) if (k.startsWith(`${table} `) && BUILTIN[table].includes(k.split(' ')[1] as Hook)) lines.push(...c.rules);
    for (const [k, c] of chains) if (k.startsWith(`${table} PW-`)) lines.push(...c.rules);
    lines.push('COMMIT');
  }
  return `${lines.join('\n')}\n`;
}
