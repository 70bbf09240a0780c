/**
 * Emitting measured netns boxes at their absolute position: the box itself (text block, packet
 * lanes) and a port for each interface it draws, with its label inside the box.
 */
import { BAR_OFFSET, LABEL_GAP, LANE, PAD, PORT_LH, hasBridge, label, portLines, sideOf } from './layout-metrics';
import type { Measured } from './layout-measure';
import type { LabelBox, NetnsBox, PortLayout } from './types';

/** Where emitted boxes and ports go. */
export interface Emitted {
  readonly boxes: NetnsBox[];
  readonly ports: Record<string, PortLayout>;
}

/** Emits a netns box and its ports at absolute position (bx, by) into `out`. */
export function emitBox(out: Emitted, m: Measured, bx: number, by: number, machine?: string): void {
  const { ns, role, text } = m;
  const textY = role === 'root' ? by + (m.topZone ? m.topZone + LANE : PAD + 4) : by + PAD;
  const laneBottom = by + m.h - (m.bottomZone || PAD) - LANE / 2;
  const laneTop = m.topZone ? by + m.topZone + LANE / 2 : laneBottom;
  out.boxes.push({
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
    if (side !== 'right' && !m.px.has(i.name)) continue;
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
    out.ports[`${ns.name}/${i.name}`] = {
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
}
