/**
 * Builds a scenario's World in real Linux network namespaces, the way the kernel team built the
 * golden labs (../shared/golden): one netns per scenario netns, each L2 segment as a bridge `sw`
 * in a netns of its own with a veth pair to every member, veth pairs created directly inside their
 * namespaces, bridges, VXLAN devices, addresses, routes, neighbours, FDB entries, sysctls and the
 * scenario's iptables-save text, its nftables ruleset (nft-plan.ts, loaded after iptables), plus a
 * raw-table TRACE rule at the head of PREROUTING and OUTPUT.
 *
 * Safety: nothing is created or changed in the root namespace. Namespace names carry the creating
 * process id (`pwk<pid>r<rand>-<n>`), every namespace is registered for deletion as soon as it is
 * created, and {@link sweepStale} removes leftovers of harness processes that no longer run.
 *
 * {@link planBuild} is pure (the commands as text) and unit-tested without root; `lab.ts` runs
 * them and cleans up.
 */
import type { LoadedScenario } from '../../scenario';
import { planNft } from './nft-plan';
import { ruleCommands } from './ip-rules';

/** Netns name prefix of every harness run: `pwk<pid>r<rand>-`. */
export const NETNS_PREFIX = 'pwk';
/** A harness namespace name, with the id of the process that created it. */
export const NAME_RE = /^pwk(\d+)r[0-9a-z]+-/;

/** A fresh, unique prefix for the namespaces of one build (`pwk<pid>r<rand>-`). */
export function newPrefix(): string {
  return `${NETNS_PREFIX}${process.pid}r${Math.random().toString(36).slice(2, 6)}-`;
}

/** One namespace of a plan. */
export interface NsSpec {
  /** The scenario's netns name, or `~<segment>` for a segment's bridge netns. */
  readonly logical: string;
  /** The real netns name. */
  readonly real: string;
  readonly kind: 'host' | 'segment';
}

/** Everything needed to build one scenario in namespaces, as commands. */
export interface BuildPlan {
  readonly namespaces: readonly NsSpec[];
  /** `ip -batch` lines run from the root namespace that create the namespaces. */
  readonly createNs: readonly string[];
  /** Per real netns: a shell script run inside it before any link exists (sysctl defaults, lo). */
  readonly phase1: Readonly<Record<string, string>>;
  /** `ip -batch` lines that create every veth pair with both ends directly inside their namespaces. */
  readonly links: readonly string[];
  /** Per real netns: devices, addresses, routes, neighbours, FDB, sysctls, iptables, TRACE rules. */
  readonly phase2: Readonly<Record<string, string>>;
  /** Interfaces to capture on: (logical netns, real netns, interface). */
  readonly captures: readonly { readonly ns: string; readonly real: string; readonly iface: string }[];
  /** The scenario's own iptables-save text per logical netns (before random rules are pinned). */
  readonly iptables: Readonly<Record<string, string>>;
  /** The scenario's own nftables text per logical netns (before random branches are pinned). */
  readonly nftables: Readonly<Record<string, string>>;
  /** Per logical netns: `<family> <table>` of the scenario's own nft tables (the others are iptables-nft's). */
  readonly nftOwned: Readonly<Record<string, readonly string[]>>;
  /** Per real netns: interfaces that stay down by design (bridges without ports). */
  readonly idle: Readonly<Record<string, readonly string[]>>;
  /** UDP destination ports of the VXLAN devices. */
  readonly vxlanPorts: readonly number[];
  /** Why the scenario cannot be built here (empty when it can). */
  readonly unsupported: readonly string[];
}

/** Marks the output of `iptables-save` after the build script (see {@link planBuild}). */
export const SAVE_MARK = '@@PW-IPTABLES-SAVE@@';
/** Marks the output of `nft -a list ruleset` (rule handles, for the trace's rule text) after it. */
export const NFT_MARK = '@@PW-NFT-LIST@@';
/** Marks the output of `nft -a -j list ruleset` (rule handles with chain positions, base chains) after it. */
export const NFT_JSON_MARK = '@@PW-NFT-JSON@@';
const HEREDOC = 'PW_IPTABLES_EOF';
const SAFE_TEXT = /^[A-Za-z0-9._:/ -]+$/;
const MAX_IFNAME = 15;

/** The `/proc/sys` path of a `net.*` sysctl key (device names may contain dots: `flannel.1`). */
export function sysctlPath(key: string): string {
  const dev = /^net\.ipv4\.(conf|neigh)\.(.+)\.([^.]+)$/.exec(key);
  if (dev) return `/proc/sys/net/ipv4/${dev[1]}/${dev[2]}/${dev[3]}`;
  return `/proc/sys/${key.replace(/\./g, '/')}`;
}

/**
 * Rewrites `-m statistic --mode random --probability P` in `table`/`chain` so that rule number
 * `pick` (1-based) is always taken: probability 1 on it, 0 on the other random rules before it.
 * Lets a flow's `choices` be reproduced by the kernel with a single probe.
 */
export function pinRandom(text: string, table: string, chain: string, pick: number): string {
  let cur = '';
  let n = 0;
  return text
    .split('\n')
    .map((line) => {
      const t = /^\*(\S+)/.exec(line.trim());
      if (t) cur = t[1];
      if (cur !== table || !line.trim().startsWith(`-A ${chain} `)) return line;
      n++;
      if (!/--mode random/.test(line)) return line;
      return line.replace(/--probability \S+/, `--probability ${n === pick ? '1' : '0'}`);
    })
    .join('\n');
}

/**
 * Drops `--random` and `--random-fully` from MASQUERADE, SNAT and DNAT targets (iptables-extensions(8)):
 * with them nf_nat_core.c get_unique_tuple draws the port at random, which no simulation can
 * predict; without them the kernel keeps the original port when the tuple is free, the choice the
 * engine makes (nft-pin.ts `pinNatPorts` does the same for nft NAT statements). The rule keeps its
 * place, so the trace compares as before.
 */
export function pinIptablesNatPorts(text: string): string {
  return text.replace(/-j (?:MASQUERADE|SNAT|DNAT)\b[^\n]*/g, (target) => target.replace(/ --random(?:-fully)?\b/g, ''));
}

/** The `-A …` lines of an iptables-save text per table, in order. */
export function ruleLines(text: string): { table: string; line: string }[] {
  const out: { table: string; line: string }[] = [];
  let cur = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const t = /^\*(\S+)/.exec(line);
    if (t) cur = t[1];
    else if (line.startsWith('-A ')) out.push({ table: cur, line });
  }
  return out;
}

/**
 * Maps the kernel's canonical rule text (what `iptables-save` and `xtables-monitor` print after the
 * restore) to the scenario's own text, rule by rule in chain order, so the comparison is not thrown
 * by iptables re-ordering or re-spelling options. Keys are `<table> <-A line>`.
 */
export function ruleTextMap(original: string, saved: string): Map<string, string> {
  const map = new Map<string, string>();
  const byChain = (lines: { table: string; line: string }[]) => {
    const m = new Map<string, string[]>();
    for (const l of lines) {
      const k = `${l.table} ${l.line.split(/\s+/)[1]}`;
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(l.line);
    }
    return m;
  };
  const o = byChain(ruleLines(original));
  // The harness's own TRACE rules are not the scenario's.
  const s = byChain(ruleLines(saved).filter((l) => !(l.table === 'raw' && /^-A \S+ -j TRACE$/.test(l.line))));
  for (const [k, lines] of s) {
    const orig = o.get(k) ?? [];
    const table = k.split(' ')[0];
    lines.forEach((line, i) => {
      if (orig[i] !== undefined && !map.has(`${table} ${line}`)) map.set(`${table} ${line}`, orig[i]);
    });
  }
  return map;
}

function isSafe(s: string): boolean {
  return SAFE_TEXT.test(s);
}

/**
 * Plans the build of `sc` under `prefix`.
 * @param opt.choices a flow's pinned random choices (`netns/table/chain` → rule number).
 * @param opt.fromNs the netns the probe starts in (its `lo` is captured too).
 */
export function planBuild(sc: LoadedScenario, prefix: string, opt: { choices?: Readonly<Record<string, number>>; fromNs?: string } = {}): BuildPlan {
  const world = sc.world;
  const unsupported: string[] = [];
  const namespaces: NsSpec[] = [];
  const realOf: Record<string, string> = {};
  const hosts = Object.values(world.netns);
  hosts.forEach((ns, i) => {
    const real = `${prefix}${i}`;
    namespaces.push({ logical: ns.name, real, kind: 'host' });
    realOf[ns.name] = real;
  });
  const segNames = Object.keys(world.segments);
  segNames.forEach((s, i) => {
    const real = `${prefix}s${i}`;
    namespaces.push({ logical: `~${s}`, real, kind: 'segment' });
    realOf[`~${s}`] = real;
  });

  const links: string[] = [];
  const phase1: Record<string, string> = {};
  const phase2: Record<string, string> = {};
  const idle: Record<string, string[]> = {};
  const captures: { ns: string; real: string; iface: string }[] = [];
  const iptables: Record<string, string> = {};
  const nftables: Record<string, string> = {};
  const nftOwned: Record<string, readonly string[]> = {};
  const vxlanPorts = new Set<number>();
  const segPorts: Record<string, string[]> = {};
  const seenPair = new Set<string>();

  for (const ns of hosts) {
    // IPVS (net/netfilter/ipvs/) cannot be loaded here: the engine's IPVS path is checked against the
    // kernel source and kube-proxy's expectations instead (docs/fidelity.md).
    if (ns.ipvs?.services.length) unsupported.push(`${ns.name}: IPVS virtual services need the ip_vs module, which this kernel does not have`);
    for (const ifc of ns.interfaces) {
      if (ifc.name.length > MAX_IFNAME) unsupported.push(`${ns.name}/${ifc.name}: interface names are limited to ${MAX_IFNAME} characters`);
      if (!isSafe(ifc.name)) unsupported.push(`${ns.name}/${ifc.name}: unusual characters in the interface name`);
      if (ifc.type === 'ipip') unsupported.push(`${ns.name}/${ifc.name}: IPIP tunnels need the ipip module, which this kernel does not have`);
      if (ifc.type === 'other') unsupported.push(`${ns.name}/${ifc.name}: the lab does not build ${ifc.kind} devices (the engine stops at them)`);
      if (ifc.attached) unsupported.push(`${ns.name}/${ifc.name}: the lab attaches no XDP or tc programs (the engine stops at them)`);
      if (ifc.type === 'dummy') unsupported.push(`${ns.name}/${ifc.name}: dummy devices need the dummy module, which this kernel does not have`);
      if (ifc.type === 'veth') {
        const key = [`${ns.name}/${ifc.name}`, `${ifc.peer.netns}/${ifc.peer.ifname}`].sort().join(' ');
        if (seenPair.has(key)) continue;
        seenPair.add(key);
        if (!realOf[ifc.peer.netns]) {
          unsupported.push(`${ns.name}/${ifc.name}: veth peer ${ifc.peer.netns} is not a netns of the scenario`);
          continue;
        }
        links.push(`link add ${ifc.name} netns ${realOf[ns.name]} type veth peer name ${ifc.peer.ifname} netns ${realOf[ifc.peer.netns]}`);
      }
      if (ifc.type === 'ethernet') {
        const list = (segPorts[ifc.segment] ??= []);
        const port = `p${list.length}`;
        list.push(port);
        if (!realOf[`~${ifc.segment}`]) {
          unsupported.push(`${ns.name}/${ifc.name}: unknown segment ${ifc.segment}`);
          continue;
        }
        links.push(`link add ${ifc.name} netns ${realOf[ns.name]} type veth peer name ${port} netns ${realOf[`~${ifc.segment}`]}`);
      }
      if (ifc.type === 'vxlan') vxlanPorts.add(ifc.dstport);
    }
  }

  for (const ns of hosts) {
    const real = realOf[ns.name];
    const s = ns.sysctls;
    const val = (k: string, d: number) => s[k] ?? d;
    const p1: string[] = [
      'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6',
      'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6',
      `echo ${val('net.ipv4.ip_forward', 0)} > /proc/sys/net/ipv4/ip_forward`,
    ];
    for (const param of ['rp_filter', 'arp_ignore', 'route_localnet', 'proxy_arp', 'forwarding'])
      for (const which of ['all', 'default']) {
        const k = `net.ipv4.conf.${which}.${param}`;
        if (param === 'forwarding' && s[k] === undefined) continue;
        p1.push(`echo ${val(k, 0)} > ${sysctlPath(k)}`);
      }
    for (const [k, v] of Object.entries(s)) if (/^net\.ipv4\.neigh\.(all|default)\./.test(k)) p1.push(`echo ${v} > ${sysctlPath(k)}`);
    p1.push(`if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then echo ${val('net.bridge.bridge-nf-call-iptables', 1)} > /proc/sys/net/bridge/bridge-nf-call-iptables; fi`);
    p1.push('ip link set lo up');
    // Interface indexes follow creation order (dev_new_index), and the kernel walks devices in that
    // order where it picks an address from any of them (inet_select_addr, as MASQUERADE out of `lo`
    // does). Bridges and dummies listed before the first veth/ethernet interface are created here,
    // before the veth pairs, so the order is the scenario's.
    const firstLink = ns.interfaces.findIndex((i) => i.type === 'veth' || i.type === 'ethernet');
    const early = new Set(ns.interfaces.filter((i, k) => (i.type === 'bridge' || i.type === 'dummy') && (firstLink < 0 || k < firstLink)).map((i) => i.name));
    for (const ifc of ns.interfaces) if (early.has(ifc.name)) p1.push(`ip link add ${ifc.name} type ${ifc.type}`);
    phase1[real] = p1.join('\n');

    const p2: string[] = [];
    for (const ifc of ns.interfaces) {
      if (early.has(ifc.name)) continue;
      if (ifc.type === 'bridge') p2.push(`ip link add ${ifc.name} type bridge`);
      else if (ifc.type === 'dummy') p2.push(`ip link add ${ifc.name} type dummy`);
      else if (ifc.type === 'vxlan')
        p2.push(
          `ip link add ${ifc.name} type vxlan id ${ifc.vni}${ifc.local ? ` local ${ifc.local}` : ''}${ifc.dev ? ` dev ${ifc.dev}` : ''} dstport ${ifc.dstport}${ifc.learning ? '' : ' nolearning'}`,
        );
    }
    for (const ifc of ns.interfaces) {
      if (ifc.type === 'loopback') continue;
      if (ifc.mac) p2.push(`ip link set dev ${ifc.name} address ${ifc.mac}`);
      p2.push(`ip link set dev ${ifc.name} mtu ${ifc.mtu}`);
    }
    for (const ifc of ns.interfaces)
      if (ifc.type === 'bridge') {
        for (const port of ifc.ports) p2.push(`ip link set dev ${port} master ${ifc.name}`);
        for (const port of ifc.hairpin) p2.push(`bridge link set dev ${port} hairpin on`);
      }
    for (const ifc of ns.interfaces) if (ifc.type !== 'loopback') p2.push(`ip link set dev ${ifc.name} up`);
    for (const ifc of ns.interfaces)
      for (const a of ifc.addresses) {
        if (ifc.type === 'loopback' && a.ip === '127.0.0.1' && a.prefixLen === 8) continue;
        p2.push(`ip addr add ${a.ip}/${a.prefixLen}${a.prefixLen < 31 ? ' brd +' : ''} dev ${ifc.name}`);
      }
    for (const [k, v] of Object.entries(s)) {
      const m = /^net\.ipv4\.(conf|neigh)\.(.+)\.[^.]+$/.exec(k);
      if (m && m[2] !== 'all' && m[2] !== 'default') p2.push(`echo ${v} > ${sysctlPath(k)}`);
    }
    // `ip route` prints routes by prefix; the kernel needs a gateway's own route first.
    const routes = [...ns.routes.filter((r) => !r.via), ...ns.routes.filter((r) => r.via)];
    for (const r of routes) {
      if (r.derived || r.proto === 'kernel') continue;
      if (!isSafe(r.text)) {
        unsupported.push(`${ns.name}: route "${r.text}" has unusual characters`);
        continue;
      }
      if (r.nexthops) unsupported.push(`${ns.name}: multipath route "${r.text}": the kernel picks its next hop by a hash with a per-boot seed, which no trace can pin`);
      p2.push(`ip route add ${r.text}`);
    }
    p2.push(...ruleCommands(ns.name, ns.rules, unsupported));
    for (const n of ns.neighbors) {
      if (!n.lladdr || !/^(PERMANENT|NOARP|REACHABLE|STALE|DELAY|PROBE)$/.test(n.state.toUpperCase())) continue;
      p2.push(`ip neigh replace ${n.ip} lladdr ${n.lladdr} dev ${n.dev} nud ${n.state.toLowerCase()}`);
    }
    for (const f of ns.fdb) {
      const parts = [`bridge fdb append ${f.mac} dev ${f.dev}`];
      if (f.dst) parts.push(`dst ${f.dst}`);
      if (f.self || (!f.master && f.dst)) parts.push('self');
      if (f.master) parts.push('master');
      parts.push(f.permanent ? 'permanent' : 'static');
      const line = parts.join(' ');
      if (!isSafe(line)) unsupported.push(`${ns.name}: FDB entry "${f.text}" has unusual characters`);
      else p2.push(line);
    }
    const rawHost = sc.raw.hosts.find((h) => h.name === ns.name);
    const original = rawHost?.iptables ?? '';
    let text = original;
    for (const [key, pick] of Object.entries(opt.choices ?? {})) {
      const [cns, table, chain] = key.split('/');
      // `<family> <table>` keys are nft chains (nft-plan.ts pins those).
      if (cns === ns.name && !table.includes(' ')) text = pinRandom(text, table, chain, pick);
    }
    text = pinIptablesNatPorts(text);
    if (text.trim()) {
      if (text.split('\n').some((l) => l.trim() === HEREDOC)) unsupported.push(`${ns.name}: iptables text contains ${HEREDOC}`);
      iptables[ns.name] = original;
      p2.push(`iptables-restore <<'${HEREDOC}'\n${text.endsWith('\n') ? text : `${text}\n`}${HEREDOC}`);
    }
    const nft = planNft(ns, rawHost, opt.choices);
    unsupported.push(...nft.unsupported);
    for (const t of nft.owned)
      if (t.startsWith('ip ') && original.split('\n').some((l) => l.trim() === `*${t.slice(3)}`))
        unsupported.push(`${ns.name}: nft table ${t} is also an iptables table: iptables-nft and nft would share it`);
    if (original.trim() && nft.text && /^\s*flush\s+ruleset\b/m.test(nft.text))
      unsupported.push(`${ns.name}: the nftables text flushes the ruleset, which would remove the iptables tables loaded before it`);
    p2.push(...nft.script);
    if (nft.text) nftables[ns.name] = nft.text;
    nftOwned[ns.name] = nft.owned;
    p2.push('iptables -t raw -I PREROUTING 1 -j TRACE', 'iptables -t raw -I OUTPUT 1 -j TRACE');
    p2.push(`echo '${SAVE_MARK}'`, 'iptables-save', `echo '${NFT_MARK}'`, 'nft -a list ruleset 2>/dev/null || true', `echo '${NFT_JSON_MARK}'`, 'nft -a -j list ruleset 2>/dev/null || true');
    phase2[real] = p2.join('\n');
    idle[real] = ns.interfaces.filter((i) => i.type === 'bridge' && !i.ports.length).map((i) => i.name);
    for (const ifc of ns.interfaces) if (ifc.type !== 'loopback' || ns.name === opt.fromNs) captures.push({ ns: ns.name, real, iface: ifc.name });
  }

  for (const seg of segNames) {
    const real = realOf[`~${seg}`];
    phase1[real] = [
      'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6',
      'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6',
      'if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables; fi',
      'ip link set lo up',
    ].join('\n');
    const ports = segPorts[seg] ?? [];
    phase2[real] = ['ip link add sw type bridge', ...ports.flatMap((p) => [`ip link set dev ${p} master sw`, `ip link set dev ${p} up`]), 'ip link set dev sw up'].join('\n');
  }

  return {
    namespaces,
    createNs: namespaces.map((n) => `netns add ${n.real}`),
    phase1,
    links,
    phase2,
    idle,
    captures,
    iptables,
    nftables,
    nftOwned,
    vxlanPorts: [...vxlanPorts],
    unsupported,
  };
}
