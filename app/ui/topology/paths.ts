/**
 * Where the packet envelope sits at a step and the route it travels between two steps, from the
 * layout and the Trace (pure geometry; the view animates along the returned polylines).
 */
import type { LinkHop, TraceStep } from '../../engine';
import type { BusLayout, Point, PortLayout, TopologyLayout } from './types';

/** The port of a step's interface, if it has one and the layout draws it. */
export function portOf(layout: TopologyLayout, netns: string, iface?: string): PortLayout | undefined {
  return iface ? layout.ports[`${netns}/${iface}`] : undefined;
}

/**
 * Where the envelope waits at a step: in its netns's lane next to the step's interface (inside the
 * box, so netfilter and routing visibly happen "in" the netns), or the lane's middle without one.
 */
export function anchorOf(layout: TopologyLayout, step: Pick<TraceStep, 'netns' | 'interface'>): Point {
  const box = layout.boxes.find((b) => b.netns === step.netns);
  if (!box) return [layout.width / 2, layout.height / 2];
  const port = portOf(layout, step.netns, step.interface);
  if (!port) return [box.x + box.w / 2, box.laneBottom];
  if (port.side === 'top') return [port.x, box.laneTop];
  if (port.side === 'bottom') return [port.x, box.laneBottom];
  return [port.x - 40, port.y];
}

/**
 * From port `a` down to its bus lane, along the bus and up to port `b`. In a grid each port drops to
 * the lane under its row (the first below it), and lanes of different rows meet at the spine.
 */
function busRoute(bus: BusLayout, a: PortLayout, b: PortLayout): Point[] {
  const lanes = bus.lanes ?? [bus];
  const ya = (lanes.find((l) => l.y >= a.y) ?? bus).y;
  const yb = (lanes.find((l) => l.y >= b.y) ?? bus).y;
  if (ya === yb || bus.spineX === undefined)
    return [
      [a.x, ya],
      [b.x, yb],
    ];
  return [
    [a.x, ya],
    [bus.spineX, ya],
    [bus.spineX, yb],
    [b.x, yb],
  ];
}

/** The route of a link hop from its `from` port to its `to` port. */
export function hopPoints(layout: TopologyLayout, hop: LinkHop): Point[] {
  const a = portOf(layout, hop.from.netns, hop.from.interface);
  const b = portOf(layout, hop.to.netns, hop.to.interface);
  if (!a || !b) return [];
  const from: Point = [a.x, a.y];
  const to: Point = [b.x, b.y];
  switch (hop.kind) {
    case 'segment': {
      const bus = layout.buses.find((x) => x.segment === hop.segment) ?? layout.buses[0];
      return bus ? [from, ...busRoute(bus, a, b), to] : [from, to];
    }
    case 'loopback':
      return [from, [a.x + 14, a.y - 10], [a.x + 18, a.y], [a.x + 14, a.y + 10], to];
    case 'veth':
    case 'vxlan':
    case 'ipip': {
      const link = layout.links.find((l) => l.points && l.ports.includes(a.id) && l.ports.includes(b.id));
      if (!link?.points) return [from, to];
      return link.ports[0] === a.id ? [...link.points] : [...link.points].reverse();
    }
    case 'bridge-port': {
      const barY = a.side === 'top' ? a.y + 12 : a.y - 12;
      return [from, [a.x, barY], [b.x, barY], to];
    }
    default: {
      const never: never = hop.kind;
      throw new Error(`unknown link kind ${String(never)}`);
    }
  }
}

/**
 * The polyline the envelope follows from step `prev` to step `next`: out along the link when `prev`
 * transmits (an xmit step with a `link`), else straight from one waiting point to the next.
 */
export function movePoints(layout: TopologyLayout, prev: TraceStep, next: TraceStep): Point[] {
  const start = anchorOf(layout, prev);
  const end = anchorOf(layout, next);
  if (prev.link) {
    const hop = hopPoints(layout, prev.link);
    if (hop.length) return [start, ...hop, end];
  }
  return [start, end];
}

/** Total length of a polyline. */
export function polylineLength(points: readonly Point[]): number {
  let len = 0;
  for (let i = 1; i < points.length; i++) len += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
  return len;
}

/** The point at fraction `t` (0..1) of a polyline's length. */
export function pointAlong(points: readonly Point[], t: number): Point {
  if (points.length === 0) return [0, 0];
  if (points.length === 1 || t <= 0) return points[0];
  const total = polylineLength(points);
  let target = Math.min(1, t) * total;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    const seg = Math.hypot(x1 - x0, y1 - y0);
    if (target <= seg && seg > 0) {
      const f = target / seg;
      return [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f];
    }
    target -= seg;
  }
  return points[points.length - 1];
}
