/**
 * The topology layout's output: positioned boxes, ports, links and L2 buses, in SVG user units
 * (px at zoom 1). Plain data computed by `layoutTopology` from a World; the D3 view only draws it.
 */
import type { HostKind, IfaceType } from '../../engine';
import type { TitleFonts } from './text';

/** A point `[x, y]`. */
export type Point = readonly [number, number];

/** An axis-aligned rectangle; `x`,`y` is the top-left corner. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Which edge of its box a port sits on. */
export type Side = 'top' | 'bottom' | 'left' | 'right';

/**
 * A network namespace drawn as a box. `root` is a node's own netns inside its machine frame,
 * `child` a pod or container inside a machine, `standalone` an external client, router, or a host
 * without a node.
 */
export interface NetnsBox extends Rect {
  readonly netns: string;
  readonly hostKind: HostKind;
  readonly role: 'root' | 'child' | 'standalone';
  /** The machine (node) frame holding this box. */
  readonly machine?: string;
  /** Small uppercase tag above the title (`POD`, `ROOT NETNS`, `ROUTER`, …). */
  readonly tag: string;
  /** Title, wrapped. */
  readonly title: readonly string[];
  /** The unwrapped title (for the hover tooltip). */
  readonly titleFull: string;
  /** Extra lines: the containers sharing the netns, forwarding state. */
  readonly notes: readonly string[];
  /** Where text starts (top of the tag line). */
  readonly textY: number;
  /** Height of the text block (tag, title, notes). */
  readonly textH: number;
  /** Centre line of the lane where the packet waits next to the top ports (= laneBottom without). */
  readonly laneTop: number;
  /** Centre line of the lane where the packet waits next to the bottom ports. */
  readonly laneBottom: number;
}

/** A machine (a `node` host): the frame around its root netns and its pods/containers. */
export interface MachineBox extends Rect {
  readonly node: string;
  /** The tag drawn above the title (`NODE`, in the interface language). */
  readonly tag: string;
  readonly title: readonly string[];
  readonly titleFull: string;
}

/** A text label with its bounding box; lines are drawn centred on `anchorX` from the top. */
export interface LabelBox extends Rect {
  readonly lines: readonly string[];
  readonly anchorX: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

/** An interface drawn as a port on its box's edge. `id` is `netns/ifname`. */
export interface PortLayout {
  readonly id: string;
  readonly netns: string;
  readonly name: string;
  readonly type: IfaceType;
  readonly side: Side;
  readonly x: number;
  readonly y: number;
  readonly label: LabelBox;
  readonly mac?: string;
  readonly addresses: readonly string[];
  readonly mtu: number;
}

/** How a link is drawn (the legend explains each). */
export type LinkKind = 'veth' | 'bridge' | 'segment' | 'tunnel' | 'loopback';

/** A drawn link: an SVG path between ports (or a port and a bus). */
export interface LinkLayout {
  readonly id: string;
  readonly kind: LinkKind;
  /** For tunnels: which encapsulation. */
  readonly encap?: 'vxlan' | 'ipip';
  /** Ids of the ports it joins. */
  readonly ports: readonly string[];
  /** SVG path data. */
  readonly d: string;
  /** The path as points from `ports[0]` to `ports[1]`, for links a packet travels (veth, tunnel). */
  readonly points?: readonly Point[];
  readonly label?: LabelBox;
}

/** One row's lane of an L2 segment in a grid of machines: a horizontal line under that row. */
export interface BusLane {
  readonly x1: number;
  readonly x2: number;
  readonly y: number;
  readonly label: LabelBox;
}

/**
 * An L2 segment (switch/LAN) drawn as a horizontal bus below the boxes. In a grid of machines (many
 * hosts) it has a lane under each row that has members, joined by a vertical spine at `spineX` on
 * the left; `x1`, `x2`, `y` and `label` are then its first lane's.
 */
export interface BusLayout {
  readonly segment: string;
  readonly title: string;
  readonly x1: number;
  readonly x2: number;
  readonly y: number;
  readonly label: LabelBox;
  /** Grid only: every lane, top to bottom (the first is x1, x2, y). */
  readonly lanes?: readonly BusLane[];
  /** Grid only, with lanes in two rows or more: x of the vertical spine joining them. */
  readonly spineX?: number;
}

/**
 * The pods and containers of a machine that are not on the flow, drawn as one box with their
 * count ("12 pods") when the machine has more than `COLLAPSE_ABOVE` (layout.ts). A veth bundle
 * joins it to the machine's root netns.
 */
export interface CollapsedBox extends Rect {
  /** The machine (node) holding them. */
  readonly machine: string;
  /** The hosts it stands for, in layout order. */
  readonly netns: readonly string[];
  /** What they are: `pod`, `container`, or `mixed`. */
  readonly kind: 'pod' | 'container' | 'mixed';
  /** The count as shown, in the interface language (`LayoutOptions.countText`). */
  readonly text: string;
  /** The veth bundle: a vertical line at `x` from the box (`y1`) to the root netns's top edge (`y2`). */
  readonly stub: { readonly x: number; readonly y1: number; readonly y2: number };
}

/** Everything the topology view draws. */
export interface TopologyLayout {
  readonly width: number;
  readonly height: number;
  /** The title sizes the boxes were measured for (the view draws titles at these). */
  readonly titles: TitleFonts;
  readonly machines: readonly MachineBox[];
  readonly boxes: readonly NetnsBox[];
  readonly ports: Readonly<Record<string, PortLayout>>;
  readonly links: readonly LinkLayout[];
  readonly buses: readonly BusLayout[];
  /** Collapsed pods and containers, one box per machine that has any. */
  readonly collapsed: readonly CollapsedBox[];
}
