/**
 * The L2 topology of a World: which interfaces hear a frame sent on a device (veth peers, members
 * of an L2 segment, bridges and their ports; veth(4), bridge(8)). Used to deliver unicast frames
 * and to find who answers an ARP broadcast.
 */
import type { Iface, World } from '../world';
import { own } from '../own';

/** An interface in a netns. */
export interface Endpoint {
  readonly netns: string;
  readonly ifname: string;
}

/** A bridge crossed on the way to an endpoint: the port the frame entered by and the one it left by. */
export interface BridgeHop {
  readonly netns: string;
  readonly bridge: string;
  /** Undefined when the bridge device itself sends the frame (the host's own IP output). */
  readonly inPort?: string;
  /** Undefined when the frame is delivered to the bridge device itself. */
  readonly outPort?: string;
}

/** An L3 endpoint reachable at L2, with the bridges crossed to reach it. */
export interface Reach {
  readonly at: Endpoint;
  readonly path: readonly BridgeHop[];
}

/** The interface object of an endpoint, or undefined. */
export function ifaceOf(world: World, e: Endpoint): Iface | undefined {
  return own(world.netns, e.netns)?.interfaces.find((i) => i.name === e.ifname);
}

/** The interfaces at the other end of the wire of `e` (veth peer, or the other members of its segment). */
export function wireNeighbours(world: World, e: Endpoint): Endpoint[] {
  const ifc = ifaceOf(world, e);
  if (!ifc) return [];
  if (ifc.type === 'veth') return ifc.peer.netns ? [{ netns: ifc.peer.netns, ifname: ifc.peer.ifname }] : [];
  if (ifc.type === 'ethernet') {
    const out: Endpoint[] = [];
    for (const ns of Object.values(world.netns))
      for (const o of ns.interfaces) if (o.type === 'ethernet' && o.segment === ifc.segment && !(ns.name === e.netns && o.name === e.ifname)) out.push({ netns: ns.name, ifname: o.name });
    return out;
  }
  return [];
}

/**
 * Every L3 endpoint a broadcast sent on `from` reaches (not bridge ports: those pass the frame to
 * their bridge), in breadth-first order, each with the bridges crossed.
 */
export function l2Domain(world: World, from: Endpoint): Reach[] {
  const out: Reach[] = [];
  const seen = new Set<string>([`${from.netns}/${from.ifname}`]);
  const start = ifaceOf(world, from);
  if (!start) return out;
  const queue: { tx: Endpoint; path: BridgeHop[] }[] = [];
  if (start.type === 'bridge') for (const p of start.ports) queue.push({ tx: { netns: from.netns, ifname: p }, path: [{ netns: from.netns, bridge: start.name, outPort: p }] });
  else queue.push({ tx: from, path: [] });
  while (queue.length) {
    const { tx, path } = queue.shift()!;
    for (const y of wireNeighbours(world, tx)) {
      const key = `${y.netns}/${y.ifname}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const yi = ifaceOf(world, y);
      if (!yi) continue;
      if (yi.master) {
        const br = ifaceOf(world, { netns: y.netns, ifname: yi.master });
        if (!br || br.type !== 'bridge') continue;
        const brKey = `${y.netns}/${br.name}`;
        if (!seen.has(brKey)) {
          seen.add(brKey);
          out.push({ at: { netns: y.netns, ifname: br.name }, path: [...path, { netns: y.netns, bridge: br.name, inPort: y.ifname }] });
        }
        for (const p of br.ports) {
          if (p === y.ifname) continue;
          queue.push({ tx: { netns: y.netns, ifname: p }, path: [...path, { netns: y.netns, bridge: br.name, inPort: y.ifname, outPort: p }] });
        }
      } else {
        out.push({ at: y, path });
      }
    }
  }
  return out;
}
