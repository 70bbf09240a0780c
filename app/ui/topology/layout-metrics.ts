/**
 * Sizes shared by the topology layout's parts (layout.ts, layout-measure.ts, layout-emit.ts,
 * layout-channels.ts): paddings and gaps, which edge a port sits on, a port's label lines and the
 * width its slot takes, and how ports are spread along an edge.
 */
import type { Iface } from '../../engine';
import { FONT, lineHeight, monoWidth } from './text';
import type { LabelBox, NetnsBox, Side } from './types';

/** Padding inside boxes and machine frames. */
export const PAD = 12;
/** Space reserved on the right of a box's text for the `lo` port and its label. */
export const LO_RESERVE = 34;
/** Gap between two port slots on an edge. */
export const PORT_GAP = 16;
/** Gap between two pods/containers in a machine's row. */
export const CHILD_GAP = 20;
/** Gap between two top-level items (machines, standalone hosts) in a row. */
export const ROW_GAP = 56;
/** Length of the veth links between a pod row and its root netns. */
export const VETH_GAP = 54;
/** Height of the lane where the packet envelope waits next to a port zone. */
export const LANE = 30;
/** Distance from a box edge to its bridge bar. */
export const BAR_OFFSET = 12;
/** Margin around the whole drawing. */
export const MARGIN = 24;
/** Line height of a box's small uppercase tag. */
export const TAG_LH = 14;
export const TITLE_LH = lineHeight(FONT.title);
export const MACHINE_LH = lineHeight(FONT.machine);
export const NOTE_LH = lineHeight(FONT.small);
export const PORT_LH = lineHeight(FONT.port);
/** Gap between a port and its label. */
export const LABEL_GAP = 6;
export const TITLE_CHARS = 30;
export const NOTE_CHARS = 38;
export const MIN_BOX_W = 140;

/** Which edge an interface goes on, by box role. */
export function sideOf(iface: Iface, role: NetnsBox['role']): Side {
  if (iface.type === 'loopback') return 'right';
  if (role !== 'root') return 'bottom';
  return iface.type === 'veth' || iface.type === 'bridge' ? 'top' : 'bottom';
}

/** The two label lines of a port: name (with its type when not obvious) and first address. */
export function portLines(iface: Iface): string[] {
  const kind =
    iface.type === 'vxlan'
      ? ` · vxlan ${iface.vni}`
      : iface.type === 'other'
        ? ` · ${iface.kind}`
        : iface.type === 'bridge' || iface.type === 'ipip' || iface.type === 'dummy'
          ? ` · ${iface.type}`
          : '';
  const addrs = iface.addresses.map((a) => `${a.ip}/${a.prefixLen}`);
  const lines = [`${iface.name}${kind}`];
  if (addrs.length) lines.push(addrs.length > 1 ? `${addrs[0]} +${addrs.length - 1}` : addrs[0]);
  return lines;
}

/** Width of a port label's widest line. */
export function labelWidth(lines: readonly string[]): number {
  return Math.max(...lines.map((l) => monoWidth(l)));
}

/** Width a port needs on its edge (its label plus a gap). */
export function slotWidth(iface: Iface): number {
  return Math.max(labelWidth(portLines(iface)), 24) + PORT_GAP;
}

/** Whether a list of interfaces holds a bridge (its edge then has a bar). */
export function hasBridge(list: readonly Iface[]): boolean {
  return list.some((i) => i.type === 'bridge');
}

/** Height of an edge's port zone (ports, labels, a bridge bar), 0 without ports. */
export function zoneHeight(list: readonly Iface[]): number {
  if (!list.length) return 0;
  return LABEL_GAP + 2 * PORT_LH + (hasBridge(list) ? BAR_OFFSET : 0) + 6;
}

/** Lays ports side by side, centred in `width` (relative x of each port centre). */
export function spread(list: readonly Iface[], width: number): Map<string, number> {
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

/** A port label's box: `lines` from `top`, anchored at `anchorX`. */
export function label(lines: string[], anchorX: number, top: number, anchor: LabelBox['anchor']): LabelBox {
  const w = labelWidth(lines);
  const x = anchor === 'middle' ? anchorX - w / 2 : anchor === 'end' ? anchorX - w : anchorX;
  return { lines, anchorX, anchor, x, y: top, w, h: lines.length * PORT_LH };
}
