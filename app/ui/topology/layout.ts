/**
 * Automatic topology layout: a pure function from a World (plus the scenario's optional
 * `layout.order`) to positioned boxes, ports, links and buses.
 *
 * Shape: machines (node hosts) and standalone hosts (external clients, routers) stand in one row,
 * in `layout.order`. A machine frame holds its pods/containers in a row on top and its root netns
 * below; a pod's veth end sits on its box's bottom edge straight above its peer on the root netns's
 * top edge, where bridges also sit (their member ports hang on a bar). NICs and tunnel devices sit
 * on bottom edges: NICs drop to a bus per L2 segment under the row, and tunnels between nodes run
 * as a U between the row and the bus. `lo` is a small port on each box's right edge.
 * Sizes come from estimated text widths (`./text`), so labels fit their slots.
 */
import type { Iface, Netns, World } from '../../engine';
import { FONT, lineHeight, monoWidth, sansWidth, wrap } from './text';
import type { BusLayout, LabelBox, LinkLayout, MachineBox, NetnsBox, Point, PortLayout, Side, TopologyLayout } from './types';
import { own } from '../../engine/own';

const PAD = 12;
/** Space reserved on the right of a box's text for the `lo` port and its label. */
const LO_RESERVE = 34;
const PORT_GAP = 16;
const CHILD_GAP = 20;
const ROW_GAP = 56;
/** Length of the veth links between a pod row and its root netns. */
const VETH_GAP = 54;
/** Height of the lane where the packet envelope waits next to a port zone. */
export const LANE = 30;
/** Distance from a box edge to its bridge bar. */
const BAR_OFFSET = 12;
const MARGIN = 24;
const TAG_LH = 14;
const TITLE_LH = lineHeight(FONT.title);
const MACHINE_LH = lineHeight(FONT.machine);
const NOTE_LH = lineHeight(FONT.small);
const PORT_LH = lineHeight(FONT.port);
/** Gap between a port and its label. */
const LABEL_GAP = 6;
const TITLE_CHARS = 30;
const NOTE_CHARS = 38;
const MIN_BOX_W = 140;

/** Layout options. */
export interface LayoutOptions {
  /** Host names in the order they should appear left to right (`scenario.layout.order`). */
  readonly order?: readonly string[];
}

const TAGS: Record<Netns['kind'], string> = {
  node: 'NODE',
  pod: 'POD',
  container: 'CONTAINER',
  external: 'EXTERNAL',
  router: 'ROUTER',
};

/** Which edge an interface goes on, by box role. */
function sideOf(iface: Iface, role: NetnsBox['role']): Side {
  if (iface.type === 'loopback') return 'right';
  if (role !== 'root') return 'bottom';
  return iface.type === 'veth' || iface.type === 'bridge' ? 'top' : 'bottom';
}

/** The two label lines of a port: name (with its type when not obvious) and first address. */
function portLines(iface: Iface): string[] {
  const kind =
    iface.type === 'vxlan'
      ? ` · vxlan ${iface.vni}`
      : iface.type === 'bridge' || iface.type === 'ipip' || iface.type === 'dummy'
        ? ` · ${iface.type}`
        : '';
  const addrs = iface.addresses.map((a) => `${a.ip}/${a.prefixLen}`);
  const lines = [`${iface.name}${kind}`];
  if (addrs.length) lines.push(addrs.length > 1 ? `${addrs[0]} +${addrs.length - 1}` : addrs[0]);
  return lines;
}

function labelWidth(lines: readonly string[]): number {
  return Math.max(...lines.map((l) => monoWidth(l)));
}

/** Width a port needs on its edge (its label plus a gap). */
function slotWidth(iface: Iface): number {
  return Math.max(labelWidth(portLines(iface)), 24) + PORT_GAP;
}

/** A box's text block (tag, title, notes) and its size. */
interface TextBlock {
  tag: string;
  title: string[];
  titleFull: string;
  notes: string[];
  width: number;
  height: number;
}

function textBlock(ns: Netns, role: NetnsBox['role']): TextBlock {
  const titleFull = ns.title ?? ns.name;
  const tag = role === 'root' ? 'ROOT NETNS' : TAGS[ns.kind];
  const title = role === 'root' ? [] : wrap(titleFull, TITLE_CHARS, 3);
  const notes: string[] = [];
  if (ns.containers.length) notes.push(...wrap(`containers: ${ns.containers.map((c) => c.name).join(', ')}`, NOTE_CHARS, 2));
  if (role === 'root' || ns.kind === 'router') {
    const fwd = ns.sysctls['net.ipv4.ip_forward'] ?? 0;
    notes.push(`ip_forward=${fwd}`);
  }
  const width = Math.max(
    sansWidth(tag, 10, true) + 4,
    ...title.map((l) => sansWidth(l, FONT.title, true)),
    ...notes.map((l) => sansWidth(l, FONT.small)),
  );
  const height = TAG_LH + title.length * TITLE_LH + notes.length * NOTE_LH;
  return { tag, title, titleFull, notes, width, height };
}

/** Relative geometry of one netns box before placement. */
interface Measured {
  ns: Netns;
  role: NetnsBox['role'];
  text: TextBlock;
  w: number;
  h: number;
  /** Top edge zone height (ports, bar, labels), 0 without top ports. */
  topZone: number;
  bottomZone: number;
  top: Iface[];
  bottom: Iface[];
  lo: Iface[];
  /** Relative x of each port (by name) on the top/bottom edge. */
  px: Map<string, number>;
}

function hasBridge(list: Iface[]): boolean {
  return list.some((i) => i.type === 'bridge');
}

function zoneHeight(list: Iface[]): number {
  if (!list.length) return 0;
  return LABEL_GAP + 2 * PORT_LH + (hasBridge(list) ? BAR_OFFSET : 0) + 6;
}

/** Lays ports side by side, centred in `width` (relative x of each port centre). */
function spread(list: Iface[], width: number): Map<string, number> {
  const total = list.reduce((s, i) => s + slotWidth(i), 0);
  let x = (width - total) / 2;
  const out = new Map<string, number>();
  for (const i of list) {
    const w = slotWidth(i);
    out.set(i.name, x + w / 2);
    x += w;
  }
  return out;
}

/** Measures a child or standalone netns box (all ports on the bottom edge, `lo` on the right). */
function measureLeaf(ns: Netns, role: 'child' | 'standalone'): Measured {
  const text = textBlock(ns, role);
  const bottom = ns.interfaces.filter((i) => sideOf(i, role) === 'bottom');
  const lo = ns.interfaces.filter((i) => i.type === 'loopback');
  const slots = bottom.reduce((s, i) => s + slotWidth(i), 0);
  const w = Math.ceil(Math.max(MIN_BOX_W, text.width + 2 * PAD + LO_RESERVE, slots + 2 * PAD));
  const bottomZone = zoneHeight(bottom);
  const h = Math.ceil(PAD + text.height + LANE + bottomZone + (bottomZone ? 0 : PAD));
  return { ns, role, text, w, h, topZone: 0, bottomZone, top: [], bottom, lo, px: spread(bottom, w) };
}

/** Positions of top ports of a root netns: veth ends under their peers, then the rest. */
function placeRootTop(top: Iface[], desired: Map<string, number>, minX: number): Map<string, number> {
  const withDesire = top.filter((i) => desired.has(i.name)).sort((a, b) => desired.get(a.name)! - desired.get(b.name)!);
  const rest = top.filter((i) => !desired.has(i.name));
  const out = new Map<string, number>();
  let prevRight = minX;
  for (const i of [...withDesire, ...rest]) {
    const w = slotWidth(i);
    const want = desired.get(i.name) ?? prevRight + w / 2;
    const x = Math.max(want, prevRight + w / 2);
    out.set(i.name, x);
    prevRight = x + w / 2;
  }
  return out;
}

/** A machine before placement: frame size, its children and root netns with relative positions. */
interface MachinePlan {
  node: Netns;
  title: string[];
  w: number;
  h: number;
  children: { m: Measured; x: number; y: number }[];
  root: Measured & { x: number; y: number };
}

function planMachine(node: Netns, children: Netns[]): MachinePlan {
  const title = wrap(node.title ?? node.name, 44, 2);
  const titleW = Math.max(sansWidth('NODE', 10, true), ...title.map((l) => sansWidth(l, FONT.machine, true)));
  const headH = TAG_LH + title.length * MACHINE_LH + 6;
  const kids = children.map((c) => measureLeaf(c, 'child'));
  const rowH = Math.max(0, ...kids.map((k) => k.h));
  let x = PAD;
  const placedKids = kids.map((m) => {
    const p = { m, x, y: PAD + headH + rowH - m.h };
    x += m.w + CHILD_GAP;
    return p;
  });
  const kidsRight = placedKids.length ? x - CHILD_GAP : PAD;

  // Root netns: top ports aligned under their veth peers in the children.
  const text = textBlock(node, 'root');
  const top = node.interfaces.filter((i) => sideOf(i, 'root') === 'top');
  const bottom = node.interfaces.filter((i) => sideOf(i, 'root') === 'bottom');
  const lo = node.interfaces.filter((i) => i.type === 'loopback');
  const desired = new Map<string, number>();
  for (const k of placedKids) {
    for (const i of k.m.bottom) {
      if (i.type === 'veth' && i.peer.netns === node.name) desired.set(i.peer.ifname, k.x + k.m.px.get(i.name)!);
    }
  }
  const rootX = PAD;
  const topAbs = placeRootTop(top, desired, rootX + PAD);
  const topRight = Math.max(rootX + PAD, ...[...topAbs].map(([n, px]) => px + slotWidth(top.find((i) => i.name === n)!) / 2));
  const bottomSlots = bottom.reduce((s, i) => s + slotWidth(i), 0);
  const innerW = Math.max(
    kidsRight - PAD,
    topRight + PAD - rootX,
    bottomSlots + 2 * PAD,
    text.width + 2 * PAD + LO_RESERVE,
    titleW,
    MIN_BOX_W,
  );
  const rootW = Math.ceil(innerW);
  const topZone = zoneHeight(top);
  const bottomZone = zoneHeight(bottom);
  const rootH = Math.ceil((topZone || PAD) + (topZone ? LANE : 4) + text.height + LANE + (bottomZone || PAD));
  const rootY = PAD + headH + (placedKids.length ? rowH + VETH_GAP : 4);
  const px = new Map<string, number>();
  for (const [n, ax] of topAbs) px.set(n, ax - rootX);
  for (const [n, bx] of spread(bottom, rootW)) px.set(n, bx);
  const root: MachinePlan['root'] = { ns: node, role: 'root', text, w: rootW, h: rootH, topZone, bottomZone, top, bottom, lo, px, x: rootX, y: rootY };
  return { node, title, w: rootW + 2 * PAD, h: rootY + rootH + PAD, children: placedKids, root };
}

/** Orders top-level items by `order` (a host or any of its children), then by World order. */
function orderTopLevel(ids: string[], order: readonly string[] | undefined, ownerOf: (name: string) => string | undefined): string[] {
  const rank = new Map<string, number>();
  (order ?? []).forEach((name, i) => {
    const owner = ownerOf(name);
    if (owner !== undefined && !rank.has(owner)) rank.set(owner, i);
  });
  return ids
    .map((id, i) => ({ id, i, r: rank.get(id) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((e) => e.id);
}

function label(lines: string[], anchorX: number, top: number, anchor: LabelBox['anchor']): LabelBox {
  const w = labelWidth(lines);
  const x = anchor === 'middle' ? anchorX - w / 2 : anchor === 'end' ? anchorX - w : anchorX;
  return { lines, anchorX, anchor, x, y: top, w, h: lines.length * PORT_LH };
}

/**
 * Computes the layout of a World.
 * @param world the scenario's World.
 * @param options `order`: host names left to right (`scenario.layout.order`).
 * @returns positioned machines, netns boxes, ports (by `netns/ifname`), links and buses.
 */
export function layoutTopology(world: World, options: LayoutOptions = {}): TopologyLayout {
  const all = Object.values(world.netns);
  const nodeNames = new Set(all.filter((n) => n.kind === 'node').map((n) => n.name));
  const parentOf = (n: Netns) => (n.kind !== 'node' && n.node && nodeNames.has(n.node) ? n.node : undefined);
  const topIds = all.filter((n) => !parentOf(n)).map((n) => n.name);
  const ownerOf = (name: string) => {
    const n = own(world.netns, name);
    return n ? (parentOf(n) ?? n.name) : undefined;
  };
  const orderIndex = (name: string) => {
    const i = (options.order ?? []).indexOf(name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const ordered = orderTopLevel(topIds, options.order, ownerOf);

  // Measure every top-level item.
  type Item = { kind: 'machine'; plan: MachinePlan } | { kind: 'leaf'; m: Measured };
  const items: Item[] = ordered.map((id) => {
    const ns = own(world.netns, id)!;
    if (ns.kind === 'node') {
      const kids = all
        .filter((c) => parentOf(c) === id)
        .map((c, i) => ({ c, i }))
        .sort((a, b) => orderIndex(a.c.name) - orderIndex(b.c.name) || a.i - b.i)
        .map((e) => e.c);
      return { kind: 'machine', plan: planMachine(ns, kids) };
    }
    return { kind: 'leaf', m: measureLeaf(ns, 'standalone') };
  });
  const rowH = Math.max(...items.map((it) => (it.kind === 'machine' ? it.plan.h : it.m.h)));

  const machines: MachineBox[] = [];
  const boxes: NetnsBox[] = [];
  const ports: Record<string, PortLayout> = {};

  /** Emits a netns box and its ports at absolute position (bx, by). */
  const emitBox = (m: Measured, bx: number, by: number, machine?: string) => {
    const { ns, role, text } = m;
    const textY = role === 'root' ? by + (m.topZone ? m.topZone + LANE : PAD + 4) : by + PAD;
    const laneBottom = by + m.h - (m.bottomZone || PAD) - LANE / 2;
    const laneTop = m.topZone ? by + m.topZone + LANE / 2 : laneBottom;
    boxes.push({
      netns: ns.name,
      hostKind: ns.kind,
      role,
      machine,
      tag: text.tag,
      title: text.title,
      titleFull: text.titleFull,
      notes: text.notes,
      textY,
      textH: text.height,
      laneTop,
      laneBottom,
      x: bx,
      y: by,
      w: m.w,
      h: m.h,
    });
    const barTop = hasBridge(m.top) ? BAR_OFFSET : 0;
    const barBottom = hasBridge(m.bottom) ? BAR_OFFSET : 0;
    for (const i of ns.interfaces) {
      const side = sideOf(i, role);
      const lines = portLines(i);
      let x: number;
      let y: number;
      let lab: LabelBox;
      if (side === 'right') {
        x = bx + m.w;
        y = textY + 8;
        lab = label([i.name], x - 10, y - PORT_LH / 2, 'end');
      } else if (side === 'top') {
        x = bx + m.px.get(i.name)!;
        y = by;
        lab = label(lines, x, y + LABEL_GAP + barTop, 'middle');
      } else {
        x = bx + m.px.get(i.name)!;
        y = by + m.h;
        lab = label(lines, x, y - LABEL_GAP - barBottom - lines.length * PORT_LH, 'middle');
      }
      ports[`${ns.name}/${i.name}`] = {
        id: `${ns.name}/${i.name}`,
        netns: ns.name,
        name: i.name,
        type: i.type,
        side,
        x,
        y,
        label: lab,
        mac: i.mac,
        addresses: i.addresses.map((a) => `${a.ip}/${a.prefixLen}`),
        mtu: i.mtu,
      };
    }
  };

  let cx = MARGIN;
  for (const it of items) {
    if (it.kind === 'machine') {
      const p = it.plan;
      const mx = cx;
      const my = MARGIN + rowH - p.h;
      machines.push({ node: p.node.name, title: p.title, titleFull: p.node.title ?? p.node.name, x: mx, y: my, w: p.w, h: p.h });
      for (const k of p.children) emitBox(k.m, mx + k.x, my + k.y, p.node.name);
      emitBox(p.root, mx + p.root.x, my + p.root.y, p.node.name);
      cx += p.w + ROW_GAP;
    } else {
      emitBox(it.m, cx, MARGIN + rowH - it.m.h);
      cx += it.m.w + ROW_GAP;
    }
  }
  const rowRight = cx - ROW_GAP;
  const rowBottom = MARGIN + rowH;

  const links: LinkLayout[] = [];

  // veth pairs (once per pair).
  const seen = new Set<string>();
  for (const ns of all) {
    for (const i of ns.interfaces) {
      if (i.type !== 'veth') continue;
      const a = `${ns.name}/${i.name}`;
      const b = `${i.peer.netns}/${i.peer.ifname}`;
      const key = [a, b].sort().join('|');
      if (seen.has(key) || !ports[a] || !ports[b]) continue;
      seen.add(key);
      const points = vethPoints(ports[a], ports[b]);
      links.push({ id: `veth:${key}`, kind: 'veth', ports: [a, b], d: toPath(points), points });
    }
  }

  // Bridge membership: a bar inside the box, near the bridge's edge.
  for (const ns of all) {
    for (const br of ns.interfaces) {
      if (br.type !== 'bridge') continue;
      const bp = ports[`${ns.name}/${br.name}`];
      const members = br.ports.map((n) => ports[`${ns.name}/${n}`]).filter(Boolean);
      if (!bp) continue;
      const barY = bp.side === 'top' ? bp.y + BAR_OFFSET : bp.y - BAR_OFFSET;
      const xs = [bp.x, ...members.map((m) => m.x)];
      const parts = [`M${Math.min(...xs)},${barY}H${Math.max(...xs)}`, `M${bp.x},${bp.y}V${barY}`];
      for (const m of members) parts.push(`M${m.x},${m.y}V${barY}`);
      links.push({ id: `bridge:${ns.name}/${br.name}`, kind: 'bridge', ports: [bp.id, ...members.map((m) => m.id)], d: parts.join('') });
    }
  }

  // Loopback: a small loop out of the right edge.
  for (const p of Object.values(ports)) {
    if (p.type !== 'loopback') continue;
    links.push({ id: `lo:${p.id}`, kind: 'loopback', ports: [p.id], d: loopPath(p) });
  }

  // Tunnels between nodes' tunnel devices (VXLAN by VNI, IPIP), as a U under the row.
  const tunnelGroups = new Map<string, PortLayout[]>();
  for (const ns of all) {
    for (const i of ns.interfaces) {
      const key = i.type === 'vxlan' ? `vxlan:${i.vni}:${i.dstport}` : i.type === 'ipip' ? 'ipip' : undefined;
      const p = ports[`${ns.name}/${i.name}`];
      if (!key || !p) continue;
      tunnelGroups.set(key, [...(tunnelGroups.get(key) ?? []), p]);
    }
  }
  let level = 0;
  for (const [key, group] of tunnelGroups) {
    const sorted = [...group].sort((a, b) => a.x - b.x);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i];
        const b = sorted[j];
        if (a.netns === b.netns) continue;
        const y = rowBottom + 22 + level * 16;
        level++;
        const encap = key.startsWith('vxlan') ? 'vxlan' : 'ipip';
        const [, vni, dport] = key.split(':');
        const text = encap === 'vxlan' ? `VXLAN tunnel · VNI ${vni} · UDP ${dport}` : 'IPIP tunnel (IP proto 4)';
        const lab = label([text], (a.x + b.x) / 2, y - PORT_LH - 2, 'middle');
        const points: Point[] = [[a.x, a.y], [a.x, y], [b.x, y], [b.x, b.y]];
        links.push({ id: `tunnel:${a.id}|${b.id}`, kind: 'tunnel', encap, ports: [a.id, b.id], d: toPath(points), points, label: lab });
      }
    }
  }

  // L2 segments: one bus each under the row (and the tunnels), NICs drop to it.
  const buses: BusLayout[] = [];
  const segNames = [...new Set([...Object.keys(world.segments), ...all.flatMap((n) => n.interfaces.flatMap((i) => (i.type === 'ethernet' ? [i.segment] : [])))])];
  const busTop = rowBottom + 22 + level * 16 + 30;
  segNames.forEach((seg, si) => {
    const members = all.flatMap((n) => n.interfaces.filter((i) => i.type === 'ethernet' && i.segment === seg).map((i) => ports[`${n.name}/${i.name}`]).filter(Boolean));
    const y = busTop + si * 34;
    const xs = members.map((m) => m.x);
    const title = world.segments[seg]?.title ? `${seg} · ${world.segments[seg].title}` : seg;
    const tw = sansWidth(title, FONT.small, true);
    const x1 = Math.min(MARGIN, ...xs);
    const x2 = Math.max(x1 + tw + 20, ...xs.map((x) => x + 20));
    buses.push({ segment: seg, title, x1, x2, y, label: { lines: [title], anchorX: x1, anchor: 'start', x: x1, y: y + 4, w: tw, h: NOTE_LH } });
    for (const m of members) links.push({ id: `seg:${m.id}`, kind: 'segment', ports: [m.id], d: `M${m.x},${m.y}V${y}` });
  });

  const lastBus = buses[buses.length - 1];
  const height = Math.ceil((lastBus ? lastBus.y + NOTE_LH + 8 : rowBottom + 22 + level * 16) + MARGIN);
  const width = Math.ceil(Math.max(rowRight, ...buses.map((b) => b.x2)) + MARGIN);
  return { width, height, machines, boxes, ports, links, buses };
}

/**
 * A veth link from `a` to `b`: straight when the ends face each other vertically, else a smooth
 * S-curve (a cubic Bézier sampled into points, so the packet can follow it).
 */
function vethPoints(a: PortLayout, b: PortLayout): Point[] {
  if (Math.abs(a.x - b.x) < 1) return [[a.x, a.y], [b.x, b.y]];
  const out = (p: PortLayout) => (p.side === 'top' ? -1 : p.side === 'bottom' ? 1 : 0);
  const k = Math.max(30, Math.abs(a.y - b.y) / 2);
  const c1: Point = [a.x, a.y + out(a) * k];
  const c2: Point = [b.x, b.y + out(b) * k];
  const pts: Point[] = [];
  for (let i = 0; i <= 24; i++) {
    const t = i / 24;
    const u = 1 - t;
    pts.push([
      u * u * u * a.x + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * b.x,
      u * u * u * a.y + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * b.y,
    ]);
  }
  return pts;
}

/** SVG path data through `points`. */
export function toPath(points: readonly Point[]): string {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
}

/** A loopback glyph: a small loop leaving and re-entering the port. */
function loopPath(p: PortLayout): string {
  return `M${p.x},${p.y - 4}c9,-6 9,14 0,8`;
}
