/**
 * Flows: checking a scenario's flows against the hosts it declares, and turning a flow into the
 * engine's input. Names come from untrusted files, so every name-keyed lookup sees only what the
 * file declared (`own`), never a member of `Object.prototype` such as `constructor`.
 */
import { isIPv4 } from '../engine/addr/ipv4';
import type { Table } from '../engine/netfilter/types';
import type { FlowInput } from '../engine/sim/simulate';
import type { Netns } from '../engine/world';
import type { FlowFile, ScenarioFile } from './schema';
import { own, ownRecord } from '../engine/own';

/**
 * The engine input for a flow, with `choices` overridden by `overrides` (a UI's "take the other
 * branch").
 * @param flows the scenario's flows, where a flow's `after` is looked up (its own `choices`, not
 *   `overrides`, decide the earlier connections).
 * @throws Error when `f.after` is set and `flows` is not given or lacks it (checkFlows refuses
 *   files where it is missing).
 */
export function flowInput(f: FlowFile, overrides?: Readonly<Record<string, number>>, flows?: readonly FlowFile[]): FlowInput {
  const input = connection(f, overrides);
  return f.after ? { ...input, after: earlierConnections(f, flows) } : input;
}

/** One connection of a flow, without the ones it runs after. */
function connection(f: FlowFile, overrides?: Readonly<Record<string, number>>): FlowInput {
  const choices = ownRecord<number>();
  for (const src of [f.choices ?? {}, overrides ?? {}]) for (const [k, v] of Object.entries(src)) choices[k] = v;
  return {
    name: f.name,
    from: f.from,
    protocol: f.protocol,
    src: f.src,
    dst: f.dst,
    sport: f.sport,
    dport: f.dport,
    size: f.size,
    icmpId: f.icmpId,
    ttl: f.ttl,
    recverr: f.recverr,
    choices,
  };
}

/** The connections `f` runs after, oldest first (`after` chains: each names an earlier flow). */
function earlierConnections(f: FlowFile, flows: readonly FlowFile[] | undefined): FlowInput[] {
  const out: FlowInput[] = [];
  for (let name = f.after; name !== undefined;) {
    const prior = flows?.find((x) => x.name === name);
    if (!prior || out.length >= (flows?.length ?? 0)) throw new Error(`flow ${f.name}: runs after "${name}", which is not an earlier flow of the scenario`);
    out.unshift(connection(prior));
    name = prior.after;
  }
  return out;
}

/**
 * Checks every flow of `data` against the built namespaces: unique names, a known sending host
 * that owns its source address, ports and `icmpId` that fit the protocol, `choices` naming an existing host,
 * table and chain, and `expect` naming known hosts.
 * @param err reports a problem at a field path of the file.
 */
export function checkFlows(data: ScenarioFile, netns: Readonly<Record<string, Netns>>, err: (path: PropertyKey[], message: string) => void): void {
  const names = new Set<string>();
  (data.flows ?? []).forEach((f, i) => {
    const p = ['flows', i];
    if (names.has(f.name)) err([...p, 'name'], `duplicate flow name "${f.name}"`);
    names.add(f.name);
    const from = own(netns, f.from);
    if (!from) err([...p, 'from'], `unknown host "${f.from}"`);
    if (f.protocol !== 'icmp' && f.dport === undefined) err([...p, 'dport'], `a ${f.protocol} flow needs "dport"`);
    if (f.protocol === 'icmp' && (f.dport !== undefined || f.sport !== undefined)) err([...p, 'protocol'], 'an icmp flow has no ports: remove sport/dport');
    // The echo identifier is the ICMP header's own field (RFC 792): no other protocol carries one.
    if (f.protocol !== 'udp' && f.recverr !== undefined)
      err([...p, 'recverr'], `recverr describes a UDP socket (IP_RECVERR, as traceroute sets it); a ${f.protocol} flow's socket reports its errors as the Trace says`);
    if (f.protocol !== 'icmp' && f.icmpId !== undefined) err([...p, 'icmpId'], `icmpId is the ICMP echo identifier (ping -e): a ${f.protocol} flow has none; use sport for its source port`);
    // An external host may send with any source (a load balancer that SNATs to its VIP, a spoofer).
    if (f.src && from && from.kind !== 'external' && !from.interfaces.some((ifc) => ifc.addresses.some((a) => a.ip === f.src)))
      err([...p, 'src'], `host "${f.from}" has no address ${f.src} (only an external host may send from an address it does not own)`);
    for (const key of Object.keys(f.choices ?? {})) {
      const why = choiceProblem(netns, key);
      if (why) err([...p, 'choices', key], why);
    }
    const exp = f.expect;
    if (exp) {
      for (const dir of ['request', 'reply'] as const) {
        const o = exp[dir];
        if (!o || o === 'none') continue;
        const [kind, host] = 'delivered' in o ? ['delivered', o.delivered.host] : ['dropped', o.dropped.host];
        if (!own(netns, host)) err([...p, 'expect', dir, kind, 'host'], `unknown host "${host}"`);
      }
    }
    if (!isIPv4(f.dst)) err([...p, 'dst'], 'expected an IPv4 address');
    if (f.after !== undefined) checkAfter(f, (data.flows ?? []).slice(0, i), (m) => err([...p, 'after'], m));
  });
}

/**
 * Checks a flow's `after`: it names one of `earlier` (the flows listed before it), and this flow is
 * a new connection beside that one (another 5-tuple).
 * @param err reports the problem (the field is `after`).
 */
export function checkAfter(f: FlowFile, earlier: readonly FlowFile[], err: (message: string) => void): void {
  const prior = earlier.find((x) => x.name === f.after);
  if (!prior) return err(`"${f.after}" is not an earlier flow of this file (a flow runs after one listed before it)`);
  const tuple = (x: FlowFile) => [x.from, x.protocol, x.src ?? '', x.dst, x.protocol === 'icmp' ? (x.icmpId ?? '') : (x.sport ?? 40123), x.dport ?? ''].join(' ');
  if (tuple(prior) === tuple(f)) err(`this flow has the same source, destination and ports as "${f.after}", so its packet would belong to that connection: give it another sport`);
}

/**
 * Why a `choices` key names no decision point, or undefined when it does: `netns/table/chain` (an
 * iptables chain with `statistic` rules), `netns/family table/chain` (an nft chain with `numgen`),
 * `netns/ipvs/PROTO VIP:PORT` (an IPVS virtual service's scheduler), `netns/route/TABLE PREFIX` (a
 * multipath route's next hop).
 */
function choiceProblem(netns: Readonly<Record<string, Netns>>, key: string): string | undefined {
  // The chain part may itself contain "/" (kube-proxy's nft chain names do).
  const [n, table] = key.split('/', 2);
  const chain = key.slice(n.length + table.length + 2);
  const host = own(netns, n);
  if (!host) return `unknown host "${n}" in choice "${key}"`;
  if (table === 'route') {
    const r = host.routes.find((x) => x.nexthops && `${x.table} ${x.dst.addr}/${x.dst.len}` === chain);
    return r ? undefined : `host "${n}" has no multipath route "${chain}" (give TABLE PREFIX, e.g. main 10.9.0.0/16)`;
  }
  if (table === 'ipvs') {
    const svc = host.ipvs?.services.find((s) => s.key.kind === 'addr' && `${s.key.protocol.toUpperCase()} ${s.key.addr}:${s.key.port}` === chain);
    return svc ? undefined : `host "${n}" has no IPVS virtual service ${chain}`;
  }
  const nft = /^(\S+) (\S+)$/.exec(table);
  if (nft) {
    const t = host.nftables?.tables.find((x) => x.family === nft[1] && x.name === nft[2]);
    return t && own(t.chains, chain) ? undefined : `host "${n}" has no nft chain ${table} ${chain}`;
  }
  const t = own(host.ruleset.tables as Readonly<Record<string, Table>>, table);
  return t && own(t.chains, chain) ? undefined : `host "${n}" has no chain ${table}/${chain}`;
}
