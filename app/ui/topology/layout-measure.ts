/**
 * Measuring before placement: a netns box's text block and size, and a machine's plan (its frame,
 * its row of pods/containers with the collapsed count box, and its root netns with top ports under
 * their veth peers). Positions here are relative to the box or the machine frame.
 */
import type { Iface, Netns } from '../../engine';
import { FONT, lineHeight, sansWidth, wrap, type TitleFonts } from './text';
import { CHILD_GAP, LANE, LO_RESERVE, MIN_BOX_W, NOTE_CHARS, NOTE_LH, PAD, TAG_LH, TITLE_CHARS, VETH_GAP, sideOf, slotWidth, spread, zoneHeight } from './layout-metrics';
import type { TopologyLabels } from './labels';
import type { CollapsedBox, NetnsBox } from './types';

/** How far the back card of a collapsed box's stack is offset (drawn inside the box). */
export const STACK = 5;
/** Width kept free on the root netns's top edge where a collapsed box's veth bundle lands. */
const STUB_SLOT = 28;
const STUB_KEY = '\u0000bundle';

/** A box's text block (tag, title, notes) and its size. */
export interface TextBlock {
  tag: string;
  title: string[];
  titleFull: string;
  notes: string[];
  width: number;
  height: number;
}

function textBlock(ns: Netns, role: NetnsBox['role'], labels: TopologyLabels, titles: TitleFonts): TextBlock {
  const titleFull = ns.title ?? ns.name;
  const tag = labels.tags[role === 'root' ? 'root' : ns.kind];
  const title = role === 'root' ? [] : wrap(titleFull, TITLE_CHARS, 3);
  const notes: string[] = [];
  if (ns.containers.length) notes.push(...wrap(labels.containers(ns.containers.map((c) => c.name).join(', ')), NOTE_CHARS, 2));
  if (role === 'root' || ns.kind === 'router') {
    const fwd = ns.sysctls['net.ipv4.ip_forward'] ?? 0;
    notes.push(`ip_forward=${fwd}`);
  }
  const width = Math.max(sansWidth(tag, 10, true) + 4, ...title.map((l) => sansWidth(l, titles.box, true)), ...notes.map((l) => sansWidth(l, FONT.small)));
  const height = TAG_LH + title.length * lineHeight(titles.box) + notes.length * NOTE_LH;
  return { tag, title, titleFull, notes, width, height };
}

/** Relative geometry of one netns box before placement. */
export interface Measured {
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
  /** Relative x of each port (by name) on the top/bottom edge; a port without one is not drawn. */
  px: Map<string, number>;
}

/** Measures a child or standalone netns box (all ports on the bottom edge, `lo` on the right). */
export function measureLeaf(ns: Netns, role: 'child' | 'standalone', labels: TopologyLabels, titles: TitleFonts): Measured {
  const text = textBlock(ns, role, labels, titles);
  const bottom = ns.interfaces.filter((i) => sideOf(i, role) === 'bottom');
  const lo = ns.interfaces.filter((i) => i.type === 'loopback');
  const slots = bottom.reduce((s, i) => s + slotWidth(i), 0);
  const w = Math.ceil(Math.max(MIN_BOX_W, text.width + 2 * PAD + LO_RESERVE, slots + 2 * PAD));
  const bottomZone = zoneHeight(bottom);
  const h = Math.ceil(PAD + text.height + LANE + bottomZone + (bottomZone ? 0 : PAD));
  return { ns, role, text, w, h, topZone: 0, bottomZone, top: [], bottom, lo, px: spread(bottom, w) };
}

/** A slot on the root netns's top edge: a port, or the landing of a collapsed box's veth bundle. */
interface TopSlot {
  readonly key: string;
  readonly w: number;
}

/** Positions of top slots of a root netns: veth ends under their peers, then the rest. */
function placeRootTop(top: readonly TopSlot[], desired: Map<string, number>, minX: number): Map<string, number> {
  const withDesire = top.filter((i) => desired.has(i.key)).sort((a, b) => desired.get(a.key)! - desired.get(b.key)!);
  const rest = top.filter((i) => !desired.has(i.key));
  const out = new Map<string, number>();
  let prevRight = minX;
  for (const i of [...withDesire, ...rest]) {
    const want = desired.get(i.key) ?? prevRight + i.w / 2;
    const x = Math.max(want, prevRight + i.w / 2);
    out.set(i.key, x);
    prevRight = x + i.w / 2;
  }
  return out;
}

/** The pods/containers of a machine to draw as one count box, and its text. */
export interface CollapseSpec {
  readonly hosts: readonly Netns[];
  readonly kind: CollapsedBox['kind'];
  readonly text: string;
}

/** A collapsed box placed in its machine (relative to the frame), with its veth bundle. */
export type PlannedCollapse = Omit<CollapsedBox, 'machine'>;

/** A machine before placement: frame size, its children and root netns with relative positions. */
export interface MachinePlan {
  node: Netns;
  /** The machine's tag (`NODE`, in the interface language). */
  tag: string;
  title: string[];
  w: number;
  h: number;
  children: { m: Measured; x: number; y: number }[];
  collapsed?: PlannedCollapse;
  root: Measured & { x: number; y: number };
}

/** Size of a collapsed box for its text. */
function countSize(text: string, titles: TitleFonts): { w: number; h: number } {
  return { w: Math.ceil(Math.max(96, sansWidth(text, titles.box, true) + 2 * PAD + STACK)), h: 2 * PAD + lineHeight(titles.box) + STACK };
}

/** The kind of a set of collapsed hosts. */
export function kindOf(hosts: readonly Netns[]): CollapsedBox['kind'] {
  const kinds = new Set(hosts.map((h) => h.kind));
  return kinds.size === 1 && kinds.has('container') ? 'container' : kinds.has('container') ? 'mixed' : 'pod';
}

/**
 * Plans a machine: the frame, its row of `children` (then the count box of `collapse`, if any) on
 * top, and its root netns below with its top ports under their veth peers; veth ends whose peer is
 * collapsed are left out (the bundle stands for them).
 */
export function planMachine(node: Netns, children: readonly Netns[], labels: TopologyLabels, titles: TitleFonts, collapse?: CollapseSpec): MachinePlan {
  const title = wrap(node.title ?? node.name, 44, 2);
  const titleW = Math.max(sansWidth(labels.tags.node, 10, true), ...title.map((l) => sansWidth(l, titles.machine, true)));
  const headH = TAG_LH + title.length * lineHeight(titles.machine) + 6;
  const kids = children.map((c) => measureLeaf(c, 'child', labels, titles));
  const count = collapse ? countSize(collapse.text, titles) : null;
  const rowH = Math.max(0, ...kids.map((k) => k.h), count?.h ?? 0);
  let x = PAD;
  const placedKids = kids.map((m) => {
    const p = { m, x, y: PAD + headH + rowH - m.h };
    x += m.w + CHILD_GAP;
    return p;
  });
  const countX = x;
  if (count) x += count.w + CHILD_GAP;
  const hasRow = placedKids.length > 0 || !!count;
  const kidsRight = hasRow ? x - CHILD_GAP : PAD;

  // Root netns: top ports aligned under their veth peers in the children.
  const hidden = new Set((collapse?.hosts ?? []).map((h) => h.name));
  const text = textBlock(node, 'root', labels, titles);
  const top = node.interfaces.filter((i) => sideOf(i, 'root') === 'top' && !(i.type === 'veth' && hidden.has(i.peer.netns)));
  const bottom = node.interfaces.filter((i) => sideOf(i, 'root') === 'bottom');
  const lo = node.interfaces.filter((i) => i.type === 'loopback');
  const desired = new Map<string, number>();
  for (const k of placedKids) {
    for (const i of k.m.bottom) {
      if (i.type === 'veth' && i.peer.netns === node.name) desired.set(i.peer.ifname, k.x + k.m.px.get(i.name)!);
    }
  }
  const slots: TopSlot[] = top.map((i) => ({ key: i.name, w: slotWidth(i) }));
  if (count) {
    slots.push({ key: STUB_KEY, w: STUB_SLOT });
    desired.set(STUB_KEY, countX + (count.w - STACK) / 2);
  }
  const rootX = PAD;
  const topAbs = placeRootTop(slots, desired, rootX + PAD);
  const topRight = Math.max(rootX + PAD, ...slots.map((s) => topAbs.get(s.key)! + s.w / 2));
  const bottomSlots = bottom.reduce((s, i) => s + slotWidth(i), 0);
  const innerW = Math.max(kidsRight - PAD, topRight + PAD - rootX, bottomSlots + 2 * PAD, text.width + 2 * PAD + LO_RESERVE, titleW, MIN_BOX_W);
  const rootW = Math.ceil(innerW);
  const topZone = zoneHeight(top);
  const bottomZone = zoneHeight(bottom);
  const rootH = Math.ceil((topZone || PAD) + (topZone ? LANE : 4) + text.height + LANE + (bottomZone || PAD));
  const rootY = PAD + headH + (hasRow ? rowH + VETH_GAP : 4);
  const px = new Map<string, number>();
  for (const i of top) px.set(i.name, topAbs.get(i.name)! - rootX);
  for (const [n, bx] of spread(bottom, rootW)) px.set(n, bx);
  const root: MachinePlan['root'] = { ns: node, role: 'root', text, w: rootW, h: rootH, topZone, bottomZone, top, bottom, lo, px, x: rootX, y: rootY };
  const plan: MachinePlan = { node, tag: labels.tags.node, title, w: rootW + 2 * PAD, h: rootY + rootH + PAD, children: placedKids, root };
  if (collapse && count) {
    const y = PAD + headH + rowH - count.h;
    const stubX = topAbs.get(STUB_KEY)!;
    const netns = collapse.hosts.map((h) => h.name);
    plan.collapsed = { x: countX, y, w: count.w, h: count.h, netns, kind: collapse.kind, text: collapse.text, stub: { x: stubX, y1: y + count.h, y2: rootY } };
  }
  return plan;
}
