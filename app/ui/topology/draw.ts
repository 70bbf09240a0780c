/**
 * Static drawing of a topology layout into SVG layers with D3: machine frames, netns boxes, links,
 * buses and ports. Every string from the scenario goes through `.text()` (never markup).
 */
import { select, type Selection } from 'd3';
import { FONT, lineHeight, type TitleFonts } from './text';
import { linkStyle } from './styles';
import { STACK } from './layout-measure';
import type { LabelBox, NetnsBox, PortLayout, TopologyLayout } from './types';

type G = Selection<SVGGElement, unknown, null, undefined>;

const PORT_LH = lineHeight(FONT.port);
const NOTE_LH = lineHeight(FONT.small);

const BOX_FILL: Record<string, string> = {
  root: 'var(--topo-box-root)',
  pod: 'var(--topo-box-pod)',
  container: 'var(--topo-box-container)',
  external: 'var(--topo-box-external)',
  router: 'var(--topo-box-router)',
  node: 'var(--topo-box-node)',
};
const BOX_STROKE: Record<string, string> = {
  root: 'var(--topo-stroke-root)',
  pod: 'var(--topo-stroke-pod)',
  container: 'var(--topo-stroke-container)',
  external: 'var(--topo-stroke-root)',
  router: 'var(--topo-stroke-router)',
  node: 'var(--topo-stroke-root)',
};

/** The layers the view draws into, bottom to top. */
export interface Layers {
  readonly machines: G;
  readonly links: G;
  readonly boxes: G;
  /** Links drawn inside boxes (bridge bars, loopbacks), above the box fills. */
  readonly inner: G;
  readonly ports: G;
  readonly trail: G;
  readonly packet: G;
  readonly marks: G;
}

/** Appends the drawing layers to `root`. */
export function createLayers(root: G): Layers {
  const layer = (name: string) => root.append('g').attr('class', `layer-${name}`);
  return {
    machines: layer('machines'),
    links: layer('links'),
    boxes: layer('boxes'),
    inner: layer('inner'),
    ports: layer('ports'),
    trail: layer('trail').attr('pointer-events', 'none'),
    packet: layer('packet').attr('pointer-events', 'none'),
    marks: layer('marks').attr('pointer-events', 'none'),
  };
}

/** Writes `lines` as `<text>` elements under `g` from `top`, one per line. */
function textLines(g: G, lines: readonly string[], x: number, top: number, lh: number, size: number, cls: string, anchor = 'start') {
  lines.forEach((line, i) => {
    g.append('text')
      .attr('class', cls)
      .attr('x', x)
      .attr('y', top + i * lh + size * 0.92)
      .attr('font-size', size)
      .attr('text-anchor', anchor)
      .text(line);
  });
}

function labelText(g: G, label: LabelBox, cls: string) {
  textLines(g, label.lines, label.anchorX, label.y, PORT_LH, FONT.port, cls, label.anchor);
}

/** A netns box's tooltip: its title, kind and containers. */
function boxTooltip(b: NetnsBox): string {
  return [`${b.titleFull} (${b.netns})`, `${b.tag.toLowerCase()}`, ...b.notes].join('\n');
}

/** A port's tooltip: name, type, MAC, addresses, MTU. */
function portTooltip(p: PortLayout, note?: string): string {
  return [`${p.netns}/${p.name} (${p.type})`, p.mac ? `MAC ${p.mac}` : 'no MAC (NOARP)', ...(p.addresses.length ? p.addresses : ['no IPv4 address']), `MTU ${p.mtu}`, ...(note ? [note] : [])].join(
    '\n',
  );
}

/**
 * Draws the static topology (replacing what was drawn before).
 * @param portNotes a sentence per port (`netns/ifname`) for its tooltip: why the interface exists.
 */
export function drawTopology(layers: Layers, layout: TopologyLayout, portNotes?: ReadonlyMap<string, string>): void {
  for (const g of Object.values(layers) as G[]) g.selectAll('*').remove();
  drawMachines(layers.machines, layout.machines, layout.titles);
  drawLinks(layers, layout.links);
  drawBuses(layers.links, layout.buses);
  drawBoxes(layers.boxes, layout.boxes, layout.titles);
  drawCollapsed(layers, layout.collapsed, layout.titles);
  drawPorts(layers.ports, layout.ports, portNotes);
}

/** Machine frames with their title. */
function drawMachines(layer: G, machines: TopologyLayout['machines'], titles: TitleFonts): void {
  for (const m of machines) {
    const g = layer.append('g').attr('class', 'machine').attr('data-node', m.node);
    g.append('rect')
      .attr('x', m.x)
      .attr('y', m.y)
      .attr('width', m.w)
      .attr('height', m.h)
      .attr('rx', 12)
      .style('fill', 'var(--topo-machine-fill)')
      .style('stroke', 'var(--topo-machine-stroke)')
      .attr('stroke-width', 1.5);
    g.append('title').text(m.titleFull);
    textLines(g, [m.tag], m.x + 12, m.y + 10, 14, 10, 'tag');
    textLines(g, m.title, m.x + 12, m.y + 24, lineHeight(titles.machine), titles.machine, 'machine-title');
    g.select('text.tag').style('fill', 'var(--topo-faint)').attr('font-weight', 700).attr('letter-spacing', '0.06em');
    g.selectAll('text.machine-title').style('fill', 'var(--topo-text)').attr('font-weight', 700);
  }
}

/** Links: segment drops, tunnels, veths, bridge bars, loopbacks. */
function drawLinks(layers: Layers, links: TopologyLayout['links']): void {
  for (const l of links) {
    const st = linkStyle(l.kind, l.encap);
    const parent = l.kind === 'bridge' || l.kind === 'loopback' ? layers.inner : layers.links;
    const g = parent.append('g').attr('class', `link link-${l.kind}`).attr('data-link', l.id);
    g.append('path')
      .attr('d', l.d)
      .attr('fill', 'none')
      .style('stroke', st.stroke)
      .attr('stroke-width', st.width)
      .attr('stroke-dasharray', st.dash ?? null)
      .attr('stroke-linecap', l.kind === 'bridge' ? 'round' : 'butt');
    g.append('title').text(`${st.label}: ${l.ports.join(' ↔ ')}`);
    if (l.label) {
      labelText(g, l.label, 'link-label halo');
      g.selectAll('text').style('fill', st.stroke).attr('font-weight', 600);
    }
  }
}

/** L2 buses: a line (one per row's lane in a grid, joined by a spine) and the segment's title. */
function drawBuses(layer: G, buses: TopologyLayout['buses']): void {
  const st = linkStyle('segment');
  for (const b of buses) {
    const g = layer.append('g').attr('class', 'bus').attr('data-segment', b.segment);
    const lanes = b.lanes ?? [b];
    for (const lane of lanes) g.append('line').attr('x1', lane.x1).attr('x2', lane.x2).attr('y1', lane.y).attr('y2', lane.y);
    if (b.spineX !== undefined)
      g.append('line')
        .attr('x1', b.spineX)
        .attr('x2', b.spineX)
        .attr('y1', lanes[0].y)
        .attr('y2', lanes[lanes.length - 1].y);
    g.selectAll('line').style('stroke', st.stroke).attr('stroke-width', 5).attr('stroke-linecap', 'round');
    g.append('title').text(`L2 segment ${b.title}`);
    for (const lane of lanes) textLines(g, lane.label.lines, lane.label.anchorX, lane.label.y, NOTE_LH, FONT.small, 'bus-label');
    g.selectAll('text').style('fill', 'var(--topo-muted)').attr('font-weight', 600);
  }
}

/**
 * Collapsed pods/containers: a stack of two cards with the count, and the veth bundle (three thin
 * lines) down to the root netns. The tooltip names the hosts it stands for.
 */
function drawCollapsed(layers: Layers, collapsed: TopologyLayout['collapsed'], titles: TitleFonts): void {
  const veth = linkStyle('veth');
  for (const c of collapsed) {
    const kindKey = c.kind === 'container' ? 'container' : 'pod';
    const bundle = layers.links.append('g').attr('class', 'link link-bundle').attr('data-link', `bundle:${c.machine}`);
    bundle
      .append('path')
      .attr('d', [-4, 0, 4].map((dx) => `M${c.stub.x + dx},${c.stub.y1}V${c.stub.y2}`).join(''))
      .attr('fill', 'none')
      .style('stroke', veth.stroke)
      .attr('stroke-width', 1.5);
    const g = layers.boxes.append('g').attr('class', 'collapsed').attr('data-testid', 'collapsed-hosts').attr('data-node', c.machine).attr('data-count', c.netns.length);
    const card = (x: number, y: number) =>
      g
        .append('rect')
        .attr('x', x)
        .attr('y', y)
        .attr('width', c.w - STACK)
        .attr('height', c.h - STACK)
        .attr('rx', 7)
        .style('fill', BOX_FILL[kindKey])
        .style('stroke', BOX_STROKE[kindKey])
        .attr('stroke-width', 1.5);
    card(c.x + STACK, c.y);
    card(c.x, c.y + STACK);
    g.append('text')
      .attr('class', 'collapsed-count')
      .attr('x', c.x + (c.w - STACK) / 2)
      .attr('y', c.y + STACK + (c.h - STACK) / 2 + titles.box * 0.35)
      .attr('font-size', titles.box)
      .attr('text-anchor', 'middle')
      .attr('font-weight', 700)
      .style('fill', 'var(--topo-text)')
      .text(c.text);
    const names = c.netns.length > 24 ? [...c.netns.slice(0, 24), '…'] : c.netns;
    g.append('title').text(`${c.text}: ${names.join(', ')}`);
  }
}

/** Netns boxes with their tag, title and notes. */
function drawBoxes(layer: G, boxes: TopologyLayout['boxes'], titles: TitleFonts): void {
  for (const b of boxes) {
    const kindKey = b.role === 'root' ? 'root' : b.hostKind;
    const g = layer.append('g').attr('class', 'netns').attr('data-netns', b.netns);
    g.append('rect')
      .attr('class', 'netns-rect')
      .attr('x', b.x)
      .attr('y', b.y)
      .attr('width', b.w)
      .attr('height', b.h)
      .attr('rx', 7)
      .style('fill', BOX_FILL[kindKey] ?? 'var(--topo-box-root)')
      .style('stroke', BOX_STROKE[kindKey] ?? 'var(--topo-stroke-root)')
      .attr('data-base-stroke', BOX_STROKE[kindKey] ?? 'var(--topo-stroke-root)')
      .attr('stroke-width', 1.5);
    g.append('title').text(boxTooltip(b));
    const x = b.x + 12;
    textLines(g, [b.tag], x, b.textY, 14, 10, 'tag');
    const titleLh = lineHeight(titles.box);
    textLines(g, b.title, x, b.textY + 14, titleLh, titles.box, 'box-title');
    textLines(g, b.notes, x, b.textY + 14 + b.title.length * titleLh, NOTE_LH, FONT.small, 'box-note');
    g.select('text.tag')
      .style('fill', BOX_STROKE[kindKey] ?? 'var(--topo-stroke-root)')
      .attr('font-weight', 700)
      .attr('letter-spacing', '0.06em');
    g.selectAll('text.box-title').style('fill', 'var(--topo-text)').attr('font-weight', 700);
    g.selectAll('text.box-note').style('fill', 'var(--topo-muted)');
  }
}

/** Rewrites the ports' tooltips with new notes (a language switch), leaving the drawing as it is. */
export function retitlePorts(layers: Layers, layout: TopologyLayout, notes?: ReadonlyMap<string, string>): void {
  layers.ports.selectAll<SVGGElement, unknown>('g.port').each(function () {
    const p = layout.ports[this.getAttribute('data-port') ?? ''];
    if (p)
      select(this)
        .select('title')
        .text(portTooltip(p, notes?.get(p.id)));
  });
}

/** Ports with their labels (MAC and the rest on hover). */
function drawPorts(layer: G, ports: TopologyLayout['ports'], notes?: ReadonlyMap<string, string>): void {
  for (const p of Object.values(ports)) {
    const g = layer.append('g').attr('class', 'port').attr('data-port', p.id);
    if (p.type === 'loopback') g.append('circle').attr('class', 'port-mark').attr('cx', p.x).attr('cy', p.y).attr('r', 4);
    else
      g.append('rect')
        .attr('class', 'port-mark')
        .attr('x', p.x - 6)
        .attr('y', p.y - 6)
        .attr('width', 12)
        .attr('height', 12)
        .attr('rx', 2);
    g.selectAll('.port-mark').style('fill', 'var(--topo-port-fill)').style('stroke', 'var(--topo-port-stroke)').attr('stroke-width', 1.5);
    g.append('title').text(portTooltip(p, notes?.get(p.id)));
    labelText(g, p.label, 'mono port-label');
    g.selectAll('text')
      .style('fill', (_d, i) => (i === 0 ? 'var(--topo-text)' : 'var(--topo-muted)'))
      .attr('font-weight', (_d, i) => (i === 0 ? 600 : 400));
    if (p.type === 'loopback') g.selectAll('text').style('fill', 'var(--topo-faint)').attr('font-weight', 400);
  }
}
