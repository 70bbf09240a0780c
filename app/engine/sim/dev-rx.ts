/**
 * Device receive (net/core/dev.c `__netif_receive_skb_core`): a frame arrives on a device after a
 * veth hand-over, an L2 segment or decapsulation, and goes to the bridge its device is a port of
 * or up to IP; a looped-back packet re-enters IP input on `lo`.
 */
import { isGroupMac } from '../addr/mac';
import { ifaceOf } from '../bridge/l2';
import { describe, type Pkt } from '../packet';
import type { Sim } from './context';
import type { PathEnv, PathState } from './contracts';
import { stopAtUnsupportedChain } from './nf-verdict';
import { msg } from '../message';
import type { Iface } from '../world';
import { sourceText } from '../source';

/** Where a device was declared (`file:line:column`), or `netns/dev` for one the engine added. */
const deviceAt = (nsName: string, ifc: Iface): string => (ifc.source ? sourceText(ifc.source) : `${nsName}/${ifc.name}`);

/**
 * The honest stop at a program attached to a device (XDP, tc ingress/egress filters: Cilium's and
 * Calico eBPF's data plane): the engine cannot run it, so it cannot tell what happens next.
 */
export function stopAtAttached(sim: Sim, nsName: string, ifc: Iface, dir: 'ingress' | 'egress', pkt: Pkt): never {
  const what = ifc.attached?.[dir] ?? '';
  return sim.stop('cannot-evaluate', nsName, ifc.name, msg(dir === 'ingress' ? 'path.attachedIngress' : 'path.attachedEgress', { dev: ifc.name, what, at: deviceAt(nsName, ifc) }), pkt);
}

/**
 * A frame arrives on device `dev` of netns `nsName`. Clears what crossing a netns clears (mark,
 * conntrack reference: `skb_scrub_packet`) unless `keepMeta` (decapsulation in the same netns).
 * A frame for another unicast MAC is discarded (PACKET_OTHERHOST).
 */
export function netifRx(sim: Sim, env: PathEnv, nsName: string, dev: string, pkt: Pkt, keepMeta = false): never {
  sim.visit(nsName, dev, pkt);
  const p = keepMeta ? pkt : { ...pkt, mark: 0 };
  const ifc = ifaceOf(sim.world, { netns: nsName, ifname: dev });
  if (!ifc) sim.drop(nsName, dev, 'recv', msg('path.noInterface', { dev }), p);
  sim.emit({
    netns: nsName,
    interface: dev,
    stage: 'recv',
    wire: 'rx',
    pkt: p,
    explain: ifc.master ? msg('path.frameArrivesPort', { what: describe(p), dev, bridge: ifc.master }) : msg('path.frameArrives', { what: describe(p), dev }),
  });
  if (ifc.attached?.ingress) stopAtAttached(sim, nsName, ifc, 'ingress', p);
  stopAtUnsupportedChain(sim, nsName, dev, { kind: 'ingress', dev }, p);
  if (ifc.master) stopAtUnsupportedChain(sim, nsName, dev, { kind: 'bridge' }, p);
  if (ifc.master) return env.bridgeInput(sim, env, nsName, ifc.master, dev, { pkt: p });
  const dmac = p.eth?.dst;
  if (dmac && ifc.mac && dmac !== ifc.mac && !isGroupMac(dmac))
    sim.drop(nsName, dev, 'recv', msg('path.notForDev', { dmac, dev, mac: ifc.mac }), p, msg('path.otherHost', { dmac, dev, mac: ifc.mac }));
  return env.ipRcv(sim, env, nsName, dev, { pkt: p });
}

/** Loopback (drivers/net/loopback.c): the packet re-enters the same netns on `lo`, keeping its conntrack entry. */
export function loopbackRx(sim: Sim, env: PathEnv, nsName: string, dev: string, ps: PathState): never {
  sim.visit(nsName, dev, ps.pkt);
  sim.emit({ netns: nsName, interface: dev, stage: 'recv', wire: 'rx', pkt: ps.pkt, explain: msg(ps.ct ? 'path.loopbackArrives' : 'path.loopbackArrivesUntracked') });
  return env.ipRcv(sim, env, nsName, dev, ps);
}

/** The honest stop at a device of a kind the engine does not model (macvlan, ipvlan, VLAN, WireGuard…). */
export function stopAtOtherDevice(sim: Sim, nsName: string, ifc: Extract<Iface, { type: 'other' }>, pkt: Pkt): never {
  return sim.stop('cannot-evaluate', nsName, ifc.name, msg('path.otherDevice', { dev: ifc.name, kind: ifc.kind, at: deviceAt(nsName, ifc) }), pkt);
}
