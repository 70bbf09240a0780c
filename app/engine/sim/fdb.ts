/** Bridge forwarding database lookups and flooding (net/bridge/br_fdb.c, br_forward.c). */
import { isGroupMac } from '../addr/mac';
import { ifaceOf, l2Domain, wireNeighbours, type Endpoint } from '../bridge/l2';
import type { Pkt } from '../packet';
import type { SourceRef } from '../source';
import type { Sim } from './context';
import { msg, type Message } from '../message';

/** FDB lookup on a bridge: static entries, learned entries, else flooding (br_fdb.c, br_forward.c). */
export function fdbLookup(
  sim: Sim,
  nsName: string,
  bridge: string,
  dmac: string,
  inPort: string | undefined,
): { port: string; fdb: { text: string; how: 'static' | 'learned' | 'flood'; source?: SourceRef; ports?: string[] }; explain: Message } {
  const ns = sim.ns(nsName);
  const br = ns.interfaces.find((i) => i.name === bridge);
  const ports = br && br.type === 'bridge' ? br.ports : [];
  const stat = ns.fdb.find((f) => f.mac === dmac && ports.includes(f.dev) && (f.master === bridge || f.master === undefined) && !f.self);
  if (stat) return { port: stat.dev, fdb: { text: stat.text, how: 'static', source: stat.source, ports: [stat.dev] }, explain: msg('bridge.fdbStatic', { bridge, mac: dmac, port: stat.dev }) };
  const learned = sim.st(nsName).fdb.get(`${bridge}|${dmac}`);
  if (learned && !isGroupMac(dmac))
    return { port: learned, fdb: { text: `${dmac} dev ${learned} master ${bridge}`, how: 'learned', ports: [learned] }, explain: msg('bridge.fdbLearned', { bridge, mac: dmac, port: learned }) };
  // Unknown unicast: flooded to every port but the ingress; only the owner of the MAC keeps it.
  const floodPorts = ports.filter((p) => p !== inPort);
  const owner = floodPorts.find((p) => macBehind(sim, { netns: nsName, ifname: p }, dmac));
  const flood = { text: `${dmac} unknown: flood to ${floodPorts.join(', ')}`, how: 'flood' as const, ports: floodPorts };
  if (!owner)
    sim.drop(nsName, bridge, 'fdb', msg('bridge.noStation', { bridge, mac: dmac }), { ...dummy(), eth: { src: '', dst: dmac } }, msg('bridge.floodNoOwner', { bridge, mac: dmac }), { fdb: flood });
  return { port: owner, fdb: flood, explain: msg('bridge.flood', { bridge, mac: dmac, ports: floodPorts.join(', '), port: owner }) };
}

function dummy(): Pkt {
  return { ip: { src: '0.0.0.0', dst: '0.0.0.0', ttl: 0, proto: 'icmp' }, l4: {}, mark: 0 };
}

/** True when a frame sent out of `tx` reaches an interface owning `mac`. */
export function macBehind(sim: Sim, tx: Endpoint, mac: string): boolean {
  const ifc = ifaceOf(sim.world, tx);
  if (ifc?.mac === mac && ifc.type !== 'veth' && ifc.type !== 'ethernet') return true;
  for (const y of wireNeighbours(sim.world, tx)) {
    if (ifaceOf(sim.world, y)?.mac === mac) return true;
  }
  return l2Domain(sim.world, tx).some((r) => ifaceOf(sim.world, r.at)?.mac === mac);
}
