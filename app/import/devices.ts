/**
 * A captured netns's devices as scenario interfaces: `ip -j -d link` for the kind (linkinfo
 * `info_kind`), MTU, MAC, ifindex, bridge master and VXLAN/IPIP parameters, `ip -j addr` for the
 * IPv4 addresses, `bridge -d -j link` for hairpin ports (ip-link(8), bridge(8)). A veth's other end
 * is found across the node's namespaces by ifindex and peer ifindex (`link_index`), as the kernel
 * pairs them (`ip link` prints the peer's ifindex in `link_index` and its netns in `link_netnsid`).
 */
import { networkCidr } from '../engine/addr/ipv4';
import { attachedOf } from './attached';
import type { HostFile } from '../scenario/schema';
import type { CapturedLink, CapturedNetns } from './capture';

type Iface = NonNullable<HostFile['interfaces']>[number];

/** A captured netns as the importer sees it. */
export interface NetnsView {
  /** The capture file it came from and the node it was captured on. */
  readonly file: string;
  readonly node: string;
  readonly ns: CapturedNetns;
  /** Its host name in the scenario. */
  readonly host: string;
  /** A netns holding only a bridge and its veth ports, no address: an L2 segment (a test lab's switch). */
  readonly isSwitch: boolean;
}

/** A device the scenario cannot hold, and why. */
export interface LeftOut {
  readonly where: string;
  readonly what: string;
}

const links = (ns: CapturedNetns): CapturedLink[] => ns.link ?? [];
const kind = (l: CapturedLink) => l.linkinfo?.info_kind;
const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** The IPv4 addresses (`a.b.c.d/len`) of device `ifname`. */
export function ipv4Of(ns: CapturedNetns, ifname: string): string[] {
  const a = (ns.addr ?? []).find((x) => x.ifname === ifname);
  return (a?.addr_info ?? []).filter((x) => x.family === 'inet' && x.local && x.prefixlen !== undefined).map((x) => `${x.local}/${x.prefixlen}`);
}

/** Whether `ns` is a switch: a bridge whose every other device is one of its veth ports, and no IPv4 address but loopback's. */
export function isSwitchNetns(ns: CapturedNetns): boolean {
  const ls = links(ns).filter((l) => l.ifname !== 'lo');
  const bridges = ls.filter((l) => kind(l) === 'bridge');
  if (bridges.length !== 1 || ls.length < 2) return false;
  const br = bridges[0].ifname;
  return ls.every((l) => l === bridges[0] || (kind(l) === 'veth' && l.master === br)) && ls.every((l) => ipv4Of(ns, l.ifname).length === 0);
}

/** The name of the named netns `view` gives id `nsid`, if it is one. */
const nsidName = (view: NetnsView, nsid: number | undefined) => (nsid === undefined ? undefined : view.ns.nsids?.find((n) => n.nsid === nsid)?.name);

/**
 * The other end of veth `l` of `view` among `all` (same capture): the veth whose ifindex is `l`'s
 * peer ifindex and whose peer ifindex is `l`'s, in the netns `l`'s `link_netnsid` names (by
 * `ip netns list-id`, for named namespaces) or, failing that, the only such veth. `ambiguous` when
 * several remain (fresh namespaces reuse the same ifindexes).
 */
export function vethPeer(view: NetnsView, l: CapturedLink, all: readonly NetnsView[]): { view: NetnsView; link: CapturedLink } | 'ambiguous' | undefined {
  if (l.link_index === undefined) return undefined;
  const sameNs = l.link_netnsid === undefined;
  const named = nsidName(view, l.link_netnsid);
  const found: { view: NetnsView; link: CapturedLink }[] = [];
  for (const v of all) {
    if (v.file !== view.file || sameNs !== (v === view)) continue;
    if (named !== undefined && v.ns.ref !== `name:${named}`) continue;
    const m = links(v.ns).find((x) => kind(x) === 'veth' && x.ifindex === l.link_index && x.link_index === l.ifindex && x !== l);
    // The other end's link_netnsid must name this netns back, when this one is named.
    if (m && !(view.ns.ref.startsWith('name:') && nsidName(v, m.link_netnsid) !== undefined && nsidName(v, m.link_netnsid) !== view.ns.ref.slice(5))) found.push({ view: v, link: m });
  }
  return found.length === 1 ? found[0] : found.length ? 'ambiguous' : undefined;
}

/** `net-a.b.c.d_len`: the segment of a NIC whose peer was not captured, by its subnet. */
export const subnetSegment = (cidr: string): string => `net-${networkCidr(cidr).replace('/', '_')}`;

const common = (ns: CapturedNetns, l: CapturedLink) => {
  const addresses = ipv4Of(ns, l.ifname);
  return {
    name: l.ifname,
    ...(l.address && MAC_RE.test(l.address) && l.link_type === 'ether' ? { mac: l.address.toLowerCase() } : {}),
    ...(l.mtu !== undefined && l.mtu >= 68 ? { mtu: l.mtu } : {}),
    ...(addresses.length ? { addresses } : {}),
    ifindex: l.ifindex,
  };
};

/** A NIC on a segment: a physical one, or a veth whose other end is a switch's port or was not captured. */
function ethernet(view: NetnsView, l: CapturedLink, segment: string | undefined, left: LeftOut[]): Iface | undefined {
  const first = ipv4Of(view.ns, l.ifname)[0];
  const seg = segment ?? (first ? subnetSegment(first) : undefined);
  if (!seg) {
    left.push({ where: `${view.host}/${l.ifname}`, what: `${kind(l) ?? l.link_type ?? 'device'} without an IPv4 address and without a captured other end: left out` });
    return undefined;
  }
  return { ...common(view.ns, l), type: 'ethernet', segment: seg };
}

/** One device as a scenario interface, or undefined (then `left` says why). */
function deviceOf(view: NetnsView, l: CapturedLink, all: readonly NetnsView[], left: LeftOut[]): Iface | undefined {
  const k = kind(l);
  const d = (l.linkinfo?.info_data ?? {}) as Record<string, unknown>;
  if (l.ifname === 'lo' || l.link_type === 'loopback') return { ...common(view.ns, l), type: 'loopback' };
  if (k === 'veth') {
    const peer = vethPeer(view, l, all);
    if (peer === 'ambiguous') {
      left.push({ where: `${view.host}/${l.ifname}`, what: 'veth whose other end could be in several unnamed namespaces (same ifindexes): left out' });
      return undefined;
    }
    if (peer && !peer.view.isSwitch) return { ...common(view.ns, l), type: 'veth', peer: `${peer.view.host}/${peer.link.ifname}` };
    return ethernet(view, l, peer ? peer.view.host : undefined, left);
  }
  if (k === 'bridge') {
    const ports = links(view.ns)
      .filter((x) => x.master === l.ifname)
      .map((x) => x.ifname);
    const hairpin = (view.ns.bridgelink ?? []).filter((b) => b.master === l.ifname && b.hairpin === true).map((b) => b.ifname);
    return { ...common(view.ns, l), type: 'bridge', ...(ports.length ? { ports } : {}), ...(hairpin.length ? { hairpin } : {}) };
  }
  if (k === 'vxlan') {
    const vni = Number(d.id);
    return {
      ...common(view.ns, l),
      type: 'vxlan',
      vni,
      ...(typeof d.local === 'string' ? { local: d.local } : {}),
      ...(typeof d.port === 'number' ? { dstport: d.port } : {}),
      ...(typeof d.link === 'string' ? { dev: d.link } : {}),
      learning: d.learning === true,
    };
  }
  if (k === 'ipip') return { ...common(view.ns, l), type: 'ipip', local: typeof d.local === 'string' ? d.local : 'any', remote: typeof d.remote === 'string' ? d.remote : 'any' };
  if (k === 'dummy') return { ...common(view.ns, l), type: 'dummy' };
  if (k === undefined && l.link_type === 'ether') return ethernet(view, l, undefined, left);
  // A kind the engine does not model keeps its addresses and routes; a packet sent through it stops.
  const other = (k ?? l.link_type ?? 'unknown').toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  return { ...common(view.ns, l), type: 'other', kind: other, ...(typeof l.link === 'string' ? { link: l.link } : {}) };
}

/**
 * The interfaces of `view` in ifindex order, and what was left out. A device with an XDP program
 * or tc filters is imported with them as `attached` (the engine cannot run them: a packet crossing
 * it stops there with "cannot evaluate").
 */
export function interfacesOf(view: NetnsView, all: readonly NetnsView[]): { interfaces: Iface[]; left: LeftOut[] } {
  const left: LeftOut[] = [];
  const interfaces: Iface[] = [];
  for (const l of [...links(view.ns)].sort((a, b) => a.ifindex - b.ifindex)) {
    const i = deviceOf(view, l, all, left);
    const attached = attachedOf(view.ns, l);
    if (i) interfaces.push(attached ? ({ ...i, attached } as Iface) : i);
  }
  return { interfaces, left };
}
