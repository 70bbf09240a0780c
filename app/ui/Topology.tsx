/**
 * React wrapper of the D3 topology view: computes the layout from the World (memoised per
 * scenario, the flow's hosts, which a big cluster keeps expanded, and the language of its count
 * boxes; with `view="path"` only the flow's hosts are laid out), mounts `createTopologyView` once,
 * and feeds it the Trace, cursor, preferences and the drawing's labels in the interface language.
 */
import { PRESENTER_TITLES } from './topology/text';
import type { TopologyLabels } from './topology/labels';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { STEP_MS } from '../store';
import { selectFlowHosts } from '../store/selectors/flow-hosts';
import { selectInterfaceBecause } from '../store/selectors/because';
import { Legend } from './Legend';
import { usePacketWalk } from './store-context';
import { dependsOnFlow, layoutTopology, type LayoutOptions } from './topology/layout';
import type { World } from '../engine';
import { createTopologyView, type TopologyView } from './topology/view';

/** The smallest size (px) a framed path's box titles are shown at (`frame="path"`): readable in a small embed. */
const READABLE_TITLE = 10.5;

const zoomBtn = 'h-7 min-w-7 rounded border border-slate-300 bg-white px-1.5 text-sm font-semibold text-slate-700 shadow-sm hover:bg-slate-100';

/** The World with only `hosts` (and the machines they belong to), for a view of the flow's path alone. */
function onlyHosts(world: World, hosts: readonly string[]): World {
  const keep = new Set(hosts);
  for (const h of hosts) {
    const node = Object.hasOwn(world.netns, h) ? world.netns[h].node : undefined;
    if (node) keep.add(node);
  }
  return { ...world, netns: Object.fromEntries(Object.entries(world.netns).filter(([name]) => keep.has(name))) };
}

/** What the topology pane shows and how. */
export interface TopologyProps {
  /** Show the legend (default true). */
  readonly legend?: boolean;
  /** Frame the flow's whole path with larger titles, the same frame at every step (presenter mode). */
  readonly follow?: boolean;
  /**
   * `path`: frame the flow's whole path at the usual title size, never below a readable zoom (a
   * long path in a small pane shows the part around the packet); `all` (default): the whole topology.
   */
  readonly frame?: 'all' | 'path';
  /** `path`: lay out only the hosts the flow visits (and their machines); `all` (default): every host. */
  readonly view?: 'all' | 'path';
}

/**
 * The topology pane with zoom controls, and the legend unless `legend` is false; `follow` frames
 * the flow's whole path with larger titles and keeps that frame across steps (presenter mode),
 * `frame="path"` does so without the larger titles, and `view="path"` leaves out the hosts off the flow.
 */
export function Topology({ legend = true, follow = false, frame = 'all', view: only = 'all' }: TopologyProps) {
  const { t } = useTranslation();
  const fullWorld = usePacketWalk((s) => s.scenario?.world ?? null);
  // The flow's hosts, read from the Trace (empty before one): with view="path", the only ones laid out.
  const pathHosts = usePacketWalk((s) => (only === 'path' ? selectFlowHosts(s).join('\n') : ''));
  const world = useMemo(() => (fullWorld && pathHosts ? onlyHosts(fullWorld, pathHosts.split('\n')) : fullWorld), [fullWorld, pathHosts]);
  const framePath = follow || frame === 'path';
  const order = usePacketWalk((s) => s.scenario?.layout?.order);
  const title = usePacketWalk((s) => s.scenario?.metadata.title ?? '');
  const trace = usePacketWalk((s) => s.trace);
  const step = usePacketWalk((s) => s.step);
  const reducedMotion = usePacketWalk((s) => s.reducedMotion);
  const speed = usePacketWalk((s) => s.speed);
  // The flow's hosts as one string (a re-trace through the same hosts keeps the layout), and only
  // where the layout depends on them (a big cluster): a small one keeps its zoom across flows.
  const flowDependent = useMemo(() => !!world && dependsOnFlow(world), [world]);
  const flowHosts = usePacketWalk((s) => (flowDependent ? selectFlowHosts(s).join('\n') : ''));
  const countText = useMemo<LayoutOptions['countText']>(
    () =>
      flowDependent
        ? (count, kind) => (kind === 'pod' ? t('topology.collapsedPods', { count }) : kind === 'container' ? t('topology.collapsedContainers', { count }) : t('topology.collapsedMixed', { count }))
        : undefined,
    [flowDependent, t],
  );
  const drawn = useMemo<TopologyLabels>(
    () => ({
      tags: {
        node: t('topology.tags.node'),
        pod: t('topology.tags.pod'),
        container: t('topology.tags.container'),
        external: t('topology.tags.external'),
        router: t('topology.tags.router'),
        root: t('topology.tags.root'),
      },
      containers: (names) => t('topology.containers', { names }),
      vxlanTunnel: (vni, port) => t('topology.vxlanTunnel', { vni, port }),
      ipipTunnel: t('topology.ipipTunnel'),
    }),
    [t],
  );
  const layout = useMemo(
    () => (world ? layoutTopology(world, { order, expanded: flowHosts ? flowHosts.split('\n') : [], countText, labels: drawn, titles: follow ? PRESENTER_TITLES : undefined }) : null),
    [world, order, flowHosts, countText, drawn, follow],
  );
  // Why each interface exists (cluster files), in the interface language, for the ports' tooltips.
  const interfaceBecause = usePacketWalk(selectInterfaceBecause);
  const portNotes = useMemo(() => {
    const sentence = t as unknown as (key: string, params: object) => string;
    return new Map([...interfaceBecause].map(([id, b]) => [id, sentence(`because.${b.key}`, b.params)]));
  }, [interfaceBecause, t]);
  const labels = useMemo(() => ({ request: t('topology.tagRequest'), reply: t('topology.tagReply'), error: t('topology.tagError'), dropped: t('topology.tagDropped') }), [t]);
  const svgRef = useRef<SVGSVGElement>(null);
  const view = useRef<TopologyView | null>(null);

  useEffect(() => {
    if (!svgRef.current) return;
    const v = createTopologyView(svgRef.current, { stepMs: STEP_MS });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    // Presenter mode's titles are large enough; the embed's keep a readable size, showing part of a long path.
    const minZoom = !follow && frame === 'path' && layout ? READABLE_TITLE / layout.titles.box : 0;
    view.current?.update({ layout, trace, step, reducedMotion, speed, labels, follow: framePath, minZoom, portNotes });
  }, [layout, trace, step, reducedMotion, speed, labels, follow, frame, framePath, portNotes]);

  return (
    <div className="flex h-full min-h-0 w-full flex-col bg-white" data-testid="topology">
      <div className="relative min-h-0 flex-1">
        <svg ref={svgRef} data-testid="topology-svg" className="block h-full w-full touch-none select-none" role="img" aria-label={t('topology.aria', { title })} />
        <div className="absolute top-2 right-2 flex gap-1">
          <button type="button" className={zoomBtn} onClick={() => view.current?.zoomBy(1.25)} aria-label={t('topology.zoomIn')}>
            +
          </button>
          <button type="button" className={zoomBtn} onClick={() => view.current?.zoomBy(0.8)} aria-label={t('topology.zoomOut')}>
            −
          </button>
          <button type="button" className={zoomBtn} onClick={() => view.current?.fit()} aria-label={t('topology.fitLabel')}>
            {t('topology.fit')}
          </button>
        </div>
      </div>
      {legend && <Legend />}
    </div>
  );
}
