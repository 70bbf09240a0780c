/** Bridge forwarding database lookups and flooding (net/bridge/br_fdb.c, br_forward.c). */
import { isGroupMac } from '../addr/mac';
import { ifaceOf, l2Domain, wireNeighbours, type Endpoint } from '../bridge/l2';
import type { Pkt } from '../packet';
import type { SourceRef } from '../source';
import type { Sim } from './context';

/** FDB lookup on a bridge: static entries, learned entries, else flooding (br_fdb.c, br_forward.c). */
export function fdbLookup(sim: Sim, nsName: string, bridge: string, dmac: string, inPort: string | undefined): { port: string; fdb: { text: string; how: 'static' | 'learned' | 'flood'; source?: SourceRef; ports?: string[] }; explain: string } {
  const ns = sim.ns(nsName);
  const br = ns.interfaces.find((i) => i.name === bridge);
  const ports = br && br.type === 'bridge' ? br.ports : [];
  const stat = ns.fdb.find((f) => f.mac === dmac && ports.includes(f.dev) && (f.master === bridge || f.master === undefined) && !f.self);
  if (stat) return { port: stat.dev, fdb: { text: stat.text, how: 'static', source: stat.source, ports: [stat.dev] }, explain: `Bridge ${bridge}'s FDB has a static entry: ${dmac} is behind port ${stat.dev}.` };
  const learned = sim.st(nsName).fdb.get(`${bridge}|${dmac}`);
  if (learned && !isGroupMac(dmac))
    return { port: learned, fdb: { text: `${dmac} dev ${learned} master ${bridge}`, how: 'learned', ports: [learned] }, explain: `Bridge ${bridge} learned ${dmac} on port ${learned} (from an earlier frame's source MAC) and forwards only there.` };
  // Unknown unicast: flooded to every port but the ingress; only the owner of the MAC keeps it.
  const floodPorts = ports.filter((p) => p !== inPort);
  const owner = floodPorts.find((p) => macBehind(sim, { netns: nsName, ifname: p }, dmac));
  const flood = { text: `${dmac} unknown: flood to ${floodPorts.join(', ')}`, how: 'flood' as const, ports: floodPorts };
  if (!owner) sim.drop(nsName, bridge, 'fdb', `no station on bridge ${bridge} has MAC ${dmac}`, { ...dummy(), eth: { src: '', dst: dmac } }, `Bridge ${bridge} does not know ${dmac} and floods it; nobody on the other ports owns that MAC, so every copy is discarded.`, { fdb: flood });
  return { port: owner, fdb: flood, explain: `Bridge ${bridge} does not know ${dmac} yet and floods the frame to ${floodPorts.join(', ')}; only the copy out of ${owner} reaches the owner (the others are discarded by their receivers).` };
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
