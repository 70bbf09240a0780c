/**
 * The channel under each row of top-level items: tunnels between nodes' tunnel devices (VXLAN by
 * VNI and port, IPIP) on lanes just under the row, then one bus per L2 segment that NICs drop to.
 * With one row this is the drawing's bottom. In a grid (many machines) each row has its own channel;
 * a tunnel or segment spanning rows also runs up a vertical spine in the left gutter.
 *
 * Planning (`planChannels`) happens before placement: how many lanes each row's channel needs and
 * how many spines the gutter holds. Drawing (`drawChannels`) follows placement.
 */
import type { Iface, Netns, World } from '../../engine';
import { FONT, sansWidth } from './text';
import { MARGIN, NOTE_LH, PORT_LH, label } from './layout-metrics';
import type { BusLane, BusLayout, LinkLayout, Point, PortLayout } from './types';
import { toPath } from './layout-links';
import type { TopologyLabels } from './labels';

const TUNNEL_TOP = 22;
const TUNNEL_STEP = 16;
const BUS_GAP = 30;
const BUS_STEP = 34;
/** Horizontal distance between two spines in the gutter. */
const SPINE_STEP = 10;
/**
 * In a grid, a tunnel group of more endpoints than this draws only the tunnels between hosts on
 * the flow (a full mesh of 50 nodes would be 1,225 tunnels).
 */
export const TUNNEL_MESH_MAX = 4;

/** A tunnel endpoint: a host's tunnel device. */
interface End {
  readonly netns: string;
  readonly iface: Iface;
}

/** What the channels need to know before placement. */
export interface ChannelPlan {
  /** Tunnel lanes each row's channel holds. */
  readonly lanes: readonly number[];
  /** Segments (by index in `segments`) with members in each row. */
  readonly segRows: readonly (readonly number[])[];
  readonly segments: readonly string[];
  /** Spines in the left gutter (tunnels and segments that span rows). */
  readonly spines: number;
  /** Width of the left gutter (0 without spines). */
  readonly gutter: number;
  readonly pairsOf: (group: readonly End[]) => [End, End][];
  readonly groups: ReadonlyMap<string, readonly End[]>;
}

/** Tunnel devices grouped by tunnel (`vxlan:VNI:PORT`, `ipip`), in World order; only drawn hosts. */
function tunnelGroups(all: readonly Netns[], drawn: (netns: string) => boolean): Map<string, End[]> {
  const groups = new Map<string, End[]>();
  for (const ns of all) {
    if (!drawn(ns.name)) continue;
    for (const i of ns.interfaces) {
      const key = i.type === 'vxlan' ? `vxlan:${i.vni}:${i.dstport}` : i.type === 'ipip' ? 'ipip' : undefined;
      if (key) groups.set(key, [...(groups.get(key) ?? []), { netns: ns.name, iface: i }]);
    }
  }
  return groups;
}

/** The L2 segments: declared ones first, then any an interface names. */
function segmentNames(world: World, all: readonly Netns[]): string[] {
  return [...new Set([...Object.keys(world.segments), ...all.flatMap((n) => n.interfaces.flatMap((i) => (i.type === 'ethernet' ? [i.segment] : [])))])];
}

/**
 * Plans the channels: lanes per row, segments per row and the spines.
 * @param rowOf the row of a drawn host (undefined: not drawn).
 * @param keep in a grid, the hosts whose tunnels are drawn when a group is over TUNNEL_MESH_MAX.
 */
export function planChannels(world: World, all: readonly Netns[], rows: number, rowOf: (netns: string) => number | undefined, grid: boolean, keep: ReadonlySet<string>): ChannelPlan {
  const groups = tunnelGroups(all, (n) => rowOf(n) !== undefined);
  const pairsOf = (group: readonly End[]): [End, End][] => {
    const out: [End, End][] = [];
    const meshed = !grid || group.length <= TUNNEL_MESH_MAX;
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i], group[j]];
        if (a.netns !== b.netns && (meshed || (keep.has(a.netns) && keep.has(b.netns)))) out.push([a, b]);
      }
    return out;
  };
  const lanes = Array.from({ length: rows }, () => 0);
  let spines = 0;
  for (const group of groups.values()) {
    for (const [a, b] of pairsOf(group)) {
      const [ra, rb] = [rowOf(a.netns)!, rowOf(b.netns)!];
      lanes[ra]++;
      if (rb !== ra) {
        lanes[rb]++;
        spines++;
      }
    }
  }
  const segments = segmentNames(world, all);
  const segRows = Array.from({ length: rows }, () => [] as number[]);
  segments.forEach((seg, si) => {
    const inRows = new Set(all.flatMap((n) => (n.interfaces.some((i) => i.type === 'ethernet' && i.segment === seg) && rowOf(n.name) !== undefined ? [rowOf(n.name)!] : [])));
    if (!inRows.size) inRows.add(0);
    for (const r of inRows) segRows[r].push(si);
    if (inRows.size > 1) spines++;
  });
  if (!grid) segRows[0] = segments.map((_, si) => si);
  return { lanes, segRows, segments, spines, gutter: spines ? spines * SPINE_STEP + 12 : 0, pairsOf, groups };
}

/** Height of row `r`'s channel, from the row's bottom edge to the channel's bottom. */
export function channelHeight(plan: ChannelPlan, r: number): number {
  const segs = plan.segRows[r];
  const tunnels = TUNNEL_TOP + plan.lanes[r] * TUNNEL_STEP;
  return segs.length ? tunnels + BUS_GAP + Math.max(...segs) * BUS_STEP + NOTE_LH + 8 : tunnels;
}

/** What drawing the channels needs after placement. */
export interface Placed {
  readonly world: World;
  readonly all: readonly Netns[];
  readonly ports: Readonly<Record<string, PortLayout>>;
  /** Bottom edge of each row. */
  readonly rowBottoms: readonly number[];
  /** The row of a drawn host. */
  readonly rowOf: (netns: string) => number;
}

/** The tunnel links and L2 buses (with the NICs' drops), drawn after placement. */
export function drawChannels(plan: ChannelPlan, at: Placed, labels: TopologyLabels): { links: LinkLayout[]; buses: BusLayout[] } {
  const { ports, rowBottoms, rowOf } = at;
  const links: LinkLayout[] = [];
  const level = rowBottoms.map(() => 0);
  let spine = 0;
  const spineX = () => MARGIN + spine++ * SPINE_STEP;
  const laneY = (r: number) => rowBottoms[r] + TUNNEL_TOP + level[r]++ * TUNNEL_STEP;
  for (const [key, group] of plan.groups) {
    const byX = [...group].sort((a, b) => ports[`${a.netns}/${a.iface.name}`].x - ports[`${b.netns}/${b.iface.name}`].x);
    for (const [ea, eb] of plan.pairsOf(byX)) {
      const a = ports[`${ea.netns}/${ea.iface.name}`];
      const b = ports[`${eb.netns}/${eb.iface.name}`];
      const [ra, rb] = [rowOf(a.netns), rowOf(b.netns)];
      const encap = key.startsWith('vxlan') ? 'vxlan' : 'ipip';
      const [, vni, dport] = key.split(':');
      const text = encap === 'vxlan' ? labels.vxlanTunnel(vni, dport) : labels.ipipTunnel;
      let points: Point[];
      let lab;
      if (ra === rb) {
        const y = laneY(ra);
        lab = label([text], (a.x + b.x) / 2, y - PORT_LH - 2, 'middle');
        points = [
          [a.x, a.y],
          [a.x, y],
          [b.x, y],
          [b.x, b.y],
        ];
      } else {
        const [ya, yb, sx] = [laneY(ra), laneY(rb), spineX()];
        lab = label([text], Math.max((a.x + sx) / 2, sx + 8), ya - PORT_LH - 2, 'start');
        points = [
          [a.x, a.y],
          [a.x, ya],
          [sx, ya],
          [sx, yb],
          [b.x, yb],
          [b.x, b.y],
        ];
      }
      links.push({ id: `tunnel:${a.id}|${b.id}`, kind: 'tunnel', encap, ports: [a.id, b.id], d: toPath(points), points, label: lab });
    }
  }
  const buses = plan.segments.map((seg, si) => drawBus(plan, at, seg, si, level, spineX, links));
  return { links, buses };
}

/** One segment's bus: a lane in each row with members (a spine joins them) and the NICs' drops. */
function drawBus(plan: ChannelPlan, at: Placed, seg: string, si: number, level: readonly number[], spineX: () => number, links: LinkLayout[]): BusLayout {
  const { world, all, ports, rowBottoms, rowOf } = at;
  const members = all.flatMap((n) =>
    n.interfaces
      .filter((i) => i.type === 'ethernet' && i.segment === seg)
      .map((i) => ports[`${n.name}/${i.name}`])
      .filter(Boolean),
  );
  const title = world.segments[seg]?.title ? `${seg} · ${world.segments[seg].title}` : seg;
  const tw = sansWidth(title, FONT.small, true);
  const rows = rowBottoms.map((_, r) => r).filter((r) => plan.segRows[r].includes(si));
  const sx = rows.length > 1 ? spineX() : undefined;
  const laneOf = new Map<number, BusLane>();
  for (const r of rows) {
    const y = rowBottoms[r] + TUNNEL_TOP + level[r] * TUNNEL_STEP + BUS_GAP + si * BUS_STEP;
    const xs = members.filter((m) => plan.segRows.length === 1 || rowOf(m.netns) === r).map((m) => m.x);
    const x1 = sx ?? Math.min(MARGIN + plan.gutter, ...xs);
    const x2 = Math.max(x1 + tw + 20, ...xs.map((x) => x + 20));
    laneOf.set(r, { x1, x2, y, label: { lines: [title], anchorX: x1, anchor: 'start', x: x1, y: y + 4, w: tw, h: NOTE_LH } });
  }
  for (const m of members) {
    const lane = laneOf.get(plan.segRows.length === 1 ? 0 : rowOf(m.netns))!;
    links.push({ id: `seg:${m.id}`, kind: 'segment', ports: [m.id], d: `M${m.x},${m.y}V${lane.y}` });
  }
  const lanes = [...laneOf.values()];
  const first = lanes[0];
  const bus: BusLayout = { segment: seg, title, x1: first.x1, x2: first.x2, y: first.y, label: first.label };
  if (plan.segRows.length === 1) return bus;
  return sx === undefined ? { ...bus, lanes } : { ...bus, lanes, spineX: sx };
}
