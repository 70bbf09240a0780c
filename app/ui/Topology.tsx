/**
 * React wrapper of the D3 topology view: computes the layout from the World (memoised per
 * scenario, the flow's hosts, which a big cluster keeps expanded, and the language of its count
 * boxes), mounts `createTopologyView` once, and feeds it the Trace, cursor, preferences and the
 * drawing's labels in the interface language.
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
import { createTopologyView, type TopologyView } from './topology/view';

const zoomBtn = 'h-7 min-w-7 rounded border border-slate-300 bg-white px-1.5 text-sm font-semibold text-slate-700 shadow-sm hover:bg-slate-100';

/**
 * The topology pane with zoom controls, and the legend unless `legend` is false; `follow` frames
 * the flow's whole path with larger titles and keeps that frame across steps (presenter mode).
 */
export function Topology({ legend = true, follow = false }: { legend?: boolean; follow?: boolean }) {
  const { t } = useTranslation();
  const world = usePacketWalk((s) => s.scenario?.world ?? null);
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
        ? (count, kind) =>
            kind === 'pod' ? t('topology.collapsedPods', { count }) : kind === 'container' ? t('topology.collapsedContainers', { count }) : t('topology.collapsedMixed', { count })
        : undefined,
    [flowDependent, t],
  );
  const drawn = useMemo<TopologyLabels>(
    () => ({
      tags: { node: t('topology.tags.node'), pod: t('topology.tags.pod'), container: t('topology.tags.container'), external: t('topology.tags.external'), router: t('topology.tags.router'), root: t('topology.tags.root') },
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
    view.current?.update({ layout, trace, step, reducedMotion, speed, labels, follow, portNotes });
  }, [layout, trace, step, reducedMotion, speed, labels, follow, portNotes]);

  return (
    <div className="flex h-full min-h-0 w-full flex-col bg-white" data-testid="topology">
      <div className="relative min-h-0 flex-1">
        <svg
          ref={svgRef}
          data-testid="topology-svg"
          className="block h-full w-full touch-none select-none"
          role="img"
          aria-label={t('topology.aria', { title })}
        />
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
