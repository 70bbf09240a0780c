/**
 * Semantic checks and conversion of a schema-valid scenario into the engine's World: parses the
 * embedded `ip route` / `ip neigh` / `bridge fdb` / `iptables-save` text, resolves references
 * (veth peers, bridge ports, segments, nodes), and adds what the kernel adds by itself (`lo`,
 * connected and local routes). Every problem is a positioned ScenarioError.
 */
import { inPrefix } from '../engine/addr/ipv4';
import { deriveKernelRoutes } from '../engine/route/derive';
import type { Ruleset } from '../engine/netfilter/types';
import type { SourceRef } from '../engine/source';
import type { FdbEntry, Iface, Neighbor, Netns, PolicyRule, Route, Segment, World } from '../engine/world';
import { DEFAULT_POLICY_RULES } from '../engine/route/default-rules';
import { sortRules } from '../engine/route/policy';
import type { ScenarioError } from './errors';
import { own, ownRecord } from '../engine/own';
import { checkFlows } from './flows';
import { checkIfindexes } from './ifindex';
import { buildIpvs } from './build-ipvs';
import { buildListeners } from './listeners';
import { parseFdbLine } from './parse/fdb';
import { parseIptablesSave } from './parse/iptables-save';
import { buildNftables } from './build-nftables';
import { parseNeighLine } from './parse/ipneigh';
import { parseRouteLine } from './parse/iproute';
import { parseRuleLine } from './parse/iprule';
import { joinNexthopLines } from './parse/nexthop';
import { eachLine, type LineError, type Token } from './parse/tokens';
import type { HostFile, InterfaceFile, ScenarioFile } from './schema';
import { SYSCTL_PATTERNS } from './sysctls';
import type { Positions } from './yaml-positions';

/**
 * Builds the World. Its name-keyed records (`netns`, `segments`, each netns's `sysctls`) have no
 * prototype, so a host called `constructor` or `toString` is found only if the file declares it.
 * @returns the world and the errors; the world is only meaningful when `errors` is empty.
 */
export function buildWorld(data: ScenarioFile, pos: Positions): { world: World; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const err = (path: PropertyKey[], message: string) => {
    errors.push({ file: pos.file, ...pos.ofPath(path), path: pathText(path), message });
  };
  const src = (path: PropertyKey[]): SourceRef => ({ file: pos.file, ...pos.ofPath(path) });

  const segments = ownRecord<Segment>();
  (data.segments ?? []).forEach((s, i) => {
    if (own(segments, s.name)) err(['segments', i, 'name'], `duplicate segment name "${s.name}"`);
    segments[s.name] = { name: s.name, title: s.title };
  });

  const hostIndex = new Map<string, number>();
  data.hosts.forEach((h, i) => {
    if (hostIndex.has(h.name)) err(['hosts', i, 'name'], `duplicate host name "${h.name}" (first defined at hosts[${hostIndex.get(h.name)}])`);
    else hostIndex.set(h.name, i);
  });

  const netns = ownRecord<Netns>();
  data.hosts.forEach((h, hi) => {
    const base: PropertyKey[] = ['hosts', hi];
    if ((h.kind === 'pod' || h.kind === 'container') && !h.node) err([...base, 'kind'], `a ${h.kind} needs "node": the node it runs on`);
    if (h.node !== undefined) {
      const ni = hostIndex.get(h.node);
      if (ni === undefined) err([...base, 'node'], `unknown node "${h.node}": expected the name of a host of kind node`);
      else if (data.hosts[ni].kind !== 'node') err([...base, 'node'], `"${h.node}" is a ${data.hosts[ni].kind}, expected a host of kind node`);
    }
    const interfaces = buildInterfaces(h, base, segments, err, src);
    const ifNames = new Set(interfaces.map((i) => i.name));
    const routesWritten = parseBlock(
      h.routes === undefined ? undefined : joinNexthopLines(h.routes),
      [...base, 'routes'],
      pos,
      errors,
      parseRouteLine,
      (v, text, source) => ({ ...v, text, source }) as Route,
    );
    const rules =
      h.rules === undefined
        ? DEFAULT_POLICY_RULES
        : sortRules(parseBlock(h.rules, [...base, 'rules'], pos, errors, parseRuleLine, (v, text, source) => ({ ...v, text: text.replace(/\s+/g, ' '), source }) as PolicyRule));
    const neighbors = parseBlock(h.neighbors, [...base, 'neighbors'], pos, errors, parseNeighLine, (v, text, source) => ({ ...v, text, source }) as Neighbor);
    const fdb = parseBlock(h.fdb, [...base, 'fdb'], pos, errors, parseFdbLine, (v, text, source) => ({ ...v, text, source }) as FdbEntry);
    const checkDev = (dev: string | undefined, source: SourceRef | undefined, what: string, field: string) => {
      if (dev !== undefined && !ifNames.has(dev) && source)
        errors.push({ file: source.file, line: source.line, column: source.column, path: pathText([...base, field]), message: `${what} names device "${dev}", which host "${h.name}" does not have` });
    };
    routesWritten.forEach((r) => [r.dev, ...(r.nexthops ?? []).map((n) => n.dev)].forEach((d) => checkDev(d, r.source, 'route', 'routes')));
    neighbors.forEach((n) => checkDev(n.dev, n.source, 'neighbour entry', 'neighbors'));
    fdb.forEach((f) => checkDev(f.dev, f.source, 'FDB entry', 'fdb'));
    const routes = [...routesWritten, ...deriveKernelRoutes(interfaces, routesWritten)];
    checkGateways(routes, interfaces, h, base, errors);
    let ruleset: Ruleset = { tables: {} };
    if (h.iptables !== undefined) {
      const r = parseIptablesSave(h.iptables, pos.blockLocator([...base, 'iptables']));
      ruleset = r.ruleset;
      errors.push(...r.errors);
    }
    const nftables = buildNftables(h, base, pos, errors);
    const ipvsState = buildIpvs(h, base, pos, errors, ruleset);
    ruleset = ipvsState.ruleset;
    const sysctls = ownRecord<number>();
    for (const [k, v] of Object.entries(h.sysctls ?? {})) {
      const known = SYSCTL_PATTERNS.find((p) => p.re.test(k));
      if (!known) {
        err(
          [...base, 'sysctls', k],
          `sysctl "${k}" is not modelled (the supported ones are listed in docs/scenario-format.md, e.g. ${SYSCTL_PATTERNS.slice(0, 3)
            .map((p) => p.example)
            .join(', ')})`,
        );
        continue;
      }
      const m = /^net\.ipv4\.conf\.([^.]+)\./.exec(k);
      if (m && m[1] !== 'all' && m[1] !== 'default' && !ifNames.has(m[1])) err([...base, 'sysctls', k], `sysctl "${k}" names device "${m[1]}", which host "${h.name}" does not have`);
      sysctls[k] = v;
    }
    const listeners = buildListeners(h, (path, message) => err([...base, ...path], message));
    netns[h.name] = {
      name: h.name,
      kind: h.kind,
      node: h.node,
      title: h.title,
      containers: h.containers ?? [],
      interfaces,
      routes,
      rules,
      neighbors,
      fdb,
      sysctls,
      ruleset,
      ...(nftables ? { nftables } : {}),
      ...(ipvsState.ipvs ? { ipvs: ipvsState.ipvs } : {}),
      ...(ipvsState.ipsets ? { ipsets: ipvsState.ipsets } : {}),
      listeners,
      source: src(base),
    };
  });

  checkVethPeers(data, netns, err);
  checkFlows(data, netns, err);
  (data.layout?.order ?? []).forEach((n, i) => {
    if (!hostIndex.has(n)) err(['layout', 'order', i], `unknown host "${n}"`);
  });
  return { world: { netns, segments }, errors };
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p))).join('');
}

/** A stable locally administered MAC for an interface declared without one. */
function generatedMac(host: string, ifname: string): string {
  let h = 2166136261;
  for (const c of `${host}/${ifname}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const b = [0x02, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h * 7) & 255];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function buildInterfaces(h: HostFile, base: PropertyKey[], segments: Record<string, Segment>, err: (path: PropertyKey[], message: string) => void, src: (path: PropertyKey[]) => SourceRef): Iface[] {
  const list = h.interfaces ?? [];
  const out: Iface[] = [];
  const seen = new Map<string, number>();
  list.forEach((f, i) => {
    const p = [...base, 'interfaces', i];
    if (seen.has(f.name)) err([...p, 'name'], `duplicate interface "${f.name}" in host "${h.name}"`);
    seen.set(f.name, i);
    out.push(toIface(f, h.name, p, segments, err, src));
  });
  checkIfindexes(list, h.name, base, err);
  if (!seen.has('lo')) {
    out.unshift({ type: 'loopback', name: 'lo', mtu: 65536, addresses: [{ ip: '127.0.0.1', prefixLen: 8 }] });
  }
  // bridge membership
  const masters = new Map<string, string>();
  list.forEach((f, i) => {
    if (f.type !== 'bridge') return;
    (f.ports ?? []).forEach((port, j) => {
      const pp = [...base, 'interfaces', i, 'ports', j];
      if (!seen.has(port)) err(pp, `bridge "${f.name}" lists port "${port}", which host "${h.name}" does not have`);
      else if (port === f.name) err(pp, `bridge "${f.name}" cannot be a port of itself`);
      else if (masters.has(port)) err(pp, `"${port}" is already a port of bridge "${masters.get(port)}"`);
      else masters.set(port, f.name);
    });
    (f.hairpin ?? []).forEach((port, j) => {
      if (!(f.ports ?? []).includes(port)) err([...base, 'interfaces', i, 'hairpin', j], `hairpin port "${port}" is not a port of bridge "${f.name}"`);
    });
  });
  list.forEach((f, i) => {
    if (f.type === 'vxlan' && f.dev !== undefined && !seen.has(f.dev))
      err([...base, 'interfaces', i, 'dev'], `vxlan "${f.name}" uses underlay device "${f.dev}", which host "${h.name}" does not have`);
  });
  return out.map((ifc) => (masters.has(ifc.name) ? { ...ifc, master: masters.get(ifc.name) } : ifc));
}

function toIface(
  f: InterfaceFile,
  host: string,
  p: PropertyKey[],
  segments: Record<string, Segment>,
  err: (path: PropertyKey[], message: string) => void,
  src: (path: PropertyKey[]) => SourceRef,
): Iface {
  const addresses = (f.addresses ?? []).map((a) => {
    const [ip, len] = a.split('/');
    return { ip, prefixLen: Number(len) };
  });
  const needsMac = f.type !== 'ipip' && f.type !== 'loopback' && f.type !== 'dummy' && f.type !== 'other';
  const base = {
    name: f.name,
    mac: f.mac?.toLowerCase() ?? (needsMac ? generatedMac(host, f.name) : undefined),
    mtu: f.mtu ?? (f.type === 'loopback' ? 65536 : f.type === 'ipip' ? 1480 : f.type === 'vxlan' ? 1450 : 1500),
    addresses,
    ...(f.ifindex !== undefined ? { ifindex: f.ifindex } : {}),
    ...(f.attached && (f.attached.ingress || f.attached.egress) ? { attached: f.attached } : {}),
    source: src(p),
  };
  switch (f.type) {
    case 'ethernet':
      if (!own(segments, f.segment)) err([...p, 'segment'], `unknown segment "${f.segment}": declare it under "segments"`);
      return { ...base, type: 'ethernet', segment: f.segment };
    case 'veth': {
      const [netns, ifname] = (f.peer ?? '/').split('/');
      return { ...base, type: 'veth', peer: { netns, ifname } };
    }
    case 'bridge':
      return { ...base, type: 'bridge', ports: f.ports ?? [], hairpin: f.hairpin ?? [] };
    case 'vxlan':
      return { ...base, type: 'vxlan', vni: f.vni, local: f.local, dstport: f.dstport ?? 8472, dev: f.dev, learning: f.learning ?? false };
    case 'ipip':
      return {
        ...base,
        type: 'ipip',
        local: f.local === 'any' ? undefined : f.local,
        remote: f.remote === 'any' ? undefined : f.remote,
      };
    case 'loopback':
      return { ...base, type: 'loopback', addresses: addresses.length ? addresses : [{ ip: '127.0.0.1', prefixLen: 8 }] };
    case 'dummy':
      return { ...base, type: 'dummy' };
    case 'other':
      return { ...base, type: 'other', kind: f.kind, ...(f.link ? { link: f.link } : {}) };
    default: {
      const never: never = f;
      return never;
    }
  }
}

/** Parses a multi-line block with a line parser, positioning every item and error in the file. */
function parseBlock<V, T>(
  text: string | undefined,
  path: PropertyKey[],
  pos: Positions,
  errors: ScenarioError[],
  parseLine: (line: string, toks: Token[]) => V | LineError,
  make: (v: V, text: string, source: SourceRef) => T,
): T[] {
  if (text === undefined) return [];
  const loc = pos.blockLocator(path);
  const r = eachLine(text, parseLine);
  for (const e of r.errors) errors.push({ file: pos.file, ...loc.at(e.line, e.col), path: `${loc.path} (line ${e.line} of the block)`, message: e.message });
  return r.items.map((it) => make(it.value, it.text, { file: pos.file, ...loc.at(it.line, it.col) }));
}

/** `via G` must be on-link (a link-scope route on that device covers G) unless `onlink` is given. */
function checkGateways(routes: Route[], interfaces: Iface[], h: HostFile, base: PropertyKey[], errors: ScenarioError[]) {
  for (const r of routes) {
    if (!r.via || r.onlink || !r.source) continue;
    const covered =
      interfaces.some((ifc) => (r.dev === undefined || ifc.name === r.dev) && ifc.addresses.some((a) => a.prefixLen < 32 && inPrefix(r.via!, a.ip, a.prefixLen))) ||
      routes.some((o) => o !== r && !o.via && o.type === 'unicast' && o.scope === 'link' && (r.dev === undefined || o.dev === r.dev) && inPrefix(r.via!, o.dst.addr, o.dst.len));
    if (!covered)
      errors.push({
        file: r.source.file,
        line: r.source.line,
        column: r.source.column,
        path: pathText([...base, 'routes']),
        message: `gateway ${r.via} is not on a connected network of ${r.dev ?? `host "${h.name}"`} (the kernel refuses this with "Nexthop has invalid gateway"); add "onlink" or a link route to it`,
      });
  }
}

function checkVethPeers(data: ScenarioFile, netns: Record<string, Netns>, err: (path: PropertyKey[], message: string) => void) {
  data.hosts.forEach((h, hi) => {
    (h.interfaces ?? []).forEach((f, ii) => {
      if (f.type !== 'veth') return;
      const p = ['hosts', hi, 'interfaces', ii];
      if (!f.peer) {
        const pointing = Object.values(netns).some((n) => n.interfaces.some((o) => o.type === 'veth' && o.peer.netns === h.name && o.peer.ifname === f.name));
        if (!pointing) err(p, `veth "${f.name}" has no peer: give "peer: host/ifname" here or on the other end`);
        return;
      }
      const [pn, pi] = f.peer.split('/');
      const other = own(netns, pn)?.interfaces.find((o) => o.name === pi);
      if (!own(netns, pn)) err([...p, 'peer'], `veth peer "${f.peer}": no host named "${pn}"`);
      else if (!other) err([...p, 'peer'], `veth peer "${f.peer}": host "${pn}" has no interface "${pi}"`);
      else if (other.type !== 'veth') err([...p, 'peer'], `veth peer "${f.peer}" is a ${other.type}, expected a veth`);
      else if (other.peer.netns && (other.peer.netns !== h.name || other.peer.ifname !== f.name))
        err([...p, 'peer'], `veth peer "${f.peer}" names "${other.peer.netns}/${other.peer.ifname}" as its own peer, not "${h.name}/${f.name}"`);
    });
  });
  // Fill in the peer of ends that omitted it.
  for (const n of Object.values(netns)) {
    (n.interfaces as Iface[]).forEach((ifc, i) => {
      if (ifc.type !== 'veth' || ifc.peer.netns) return;
      for (const m of Object.values(netns)) {
        const o = m.interfaces.find((x) => x.type === 'veth' && x.peer.netns === n.name && x.peer.ifname === ifc.name);
        if (o) (n.interfaces as Iface[])[i] = { ...ifc, peer: { netns: m.name, ifname: o.name } };
      }
    });
  }
}
