/**
 * The step panel: what happens at the step under the cursor — where, the one-sentence explanation,
 * the hook pipeline, the chain/route/neighbour/FDB/conntrack detail, the random choice, the header
 * table, and where the engine simplifies.
 */
import { selectCurrentFlow } from '../store';
import { Alternatives } from './Alternatives';
import { ChainView } from './ChainView';
import { HeaderTable } from './HeaderTable';
import { L2Table } from './L2Table';
import { Outcome } from './Outcome';
import { Pipeline } from './Pipeline';
import { RouteTable } from './RouteTable';
import { usePacketWalk } from './store-context';

const STAGE_LABEL: Record<string, string> = {
  send: 'send',
  recv: 'receive',
  conntrack: 'conntrack',
  nat: 'NAT (conntrack)',
  rule: 'iptables rule',
  policy: 'chain policy',
  route: 'routing decision',
  forward: 'forward',
  neigh: 'neighbour lookup',
  fdb: 'FDB lookup',
  encap: 'encapsulate',
  decap: 'decapsulate',
  xmit: 'transmit',
  deliver: 'deliver',
  drop: 'drop',
};

/** The right-hand panel. */
export function StepPanel() {
  const step = usePacketWalk((s) => s.trace?.steps[s.step] ?? null);
  const count = usePacketWalk((s) => s.trace?.steps.length ?? 0);
  const flow = usePacketWalk(selectCurrentFlow);
  if (!step) return <aside className="p-4 text-sm text-slate-600">Pick a scenario and a flow.</aside>;
  const reply = step.direction === 'reply';
  return (
    <div className="space-y-3 p-3" data-testid="step-panel">
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <span className={`rounded px-1.5 py-0.5 font-bold tracking-wide text-white uppercase ${reply ? 'bg-reply' : 'bg-request'}`} data-testid="step-direction">
            {step.direction}
          </span>
          <span className="font-semibold text-slate-700">
            Step {step.index + 1} of {count}
          </span>
          <span className="font-mono text-slate-800" data-testid="step-where">
            {step.netns}
            {step.interface && `/${step.interface}`}
          </span>
          <span className={`rounded px-1.5 py-0.5 font-medium ${step.stage === 'drop' ? 'bg-drop text-white' : 'bg-slate-200 text-slate-700'}`} data-testid="step-stage">
            {STAGE_LABEL[step.stage] ?? step.stage}
          </span>
        </div>
        <p data-testid="step-explain" className="text-[15px] leading-snug text-slate-900">
          {step.explain}
        </p>
        {step.simplification && (
          <p data-testid="simplification" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900">
            <span className="font-semibold">Simplified:</span> {step.simplification}
          </p>
        )}
      </header>
      <Outcome />
      <Alternatives />
      <Pipeline />
      <ChainView />
      <RouteTable />
      <L2Table />
      {step.conntrack && (
        <section data-testid="conntrack-view" aria-label="Conntrack" className="text-xs">
          <h3 className="text-sm font-semibold text-slate-800">
            Conntrack: {step.conntrack.state} <span className="font-normal text-slate-500">({step.conntrack.direction} direction)</span>
          </h3>
          <p className="mt-1 rounded border border-slate-200 bg-white px-2 py-1 font-mono break-words">{step.conntrack.entry}</p>
        </section>
      )}
      <HeaderTable />
      {flow?.description && (
        <details className="text-xs text-slate-700" data-testid="flow-description">
          <summary className="cursor-pointer font-semibold text-slate-800">About this flow: {flow.title ?? flow.name}</summary>
          <p className="mt-1 leading-snug">{flow.description}</p>
        </details>
      )}
    </div>
  );
}
