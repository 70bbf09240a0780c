/**
 * What happens at the step under the cursor: where, the narration caption, the one-sentence
 * explanation, the header fields it changed (on top), the capture point, hook devices and the error a drop answers with, the outcome, the hook pipeline, the chain/route/neighbour/FDB/conntrack detail, the
 * random choice, why a generated rule exists (cluster files), the header table, and where the engine simplifies. At the end of the flow, what
 * changed along the way.
 */
import { InlineMarkdown } from './InlineMarkdown';
import { useMessage } from './hooks/useMessage';
import { useTranslation } from 'react-i18next';
import { selectCurrentFlow, selectIsAtEnd } from '../store';
import { Alternatives } from './Alternatives';
import { ChainView } from './ChainView';
import { ChallengeCard } from './ChallengeCard';
import { HeaderTable } from './HeaderTable';
import { L2Table } from './L2Table';
import { Narration } from './Narration';
import { Outcome } from './Outcome';
import { Pipeline } from './Pipeline';
import { RouteTable } from './RouteTable';
import { RuleBecause } from './RuleBecause';
import { StepChanges } from './StepChanges';
import { StepFacts } from './StepFacts';
import { StepHeading } from './StepHeading';
import { usePacketWalk } from './store-context';
import { WhatChanged } from './WhatChanged';

/** The Step tab of the side panel. */
export function StepDetails() {
  const { t } = useTranslation();
  const text = useMessage();
  const step = usePacketWalk((s) => s.trace?.steps[s.step] ?? null);
  const flow = usePacketWalk(selectCurrentFlow);
  const atEnd = usePacketWalk(selectIsAtEnd);
  const after = usePacketWalk((s) => s.trace?.flow.after);
  const noFlows = usePacketWalk((s) => s.scenario !== null && s.scenario.flows.length === 0);
  // `appOnly.*` sentences are added by the app at boot (i18n/app-sentences.ts), outside the typed resources.
  const appSentence = t as unknown as (key: string) => string;
  if (!step)
    return (
      <p data-testid="step-pick" className="p-4 text-sm text-slate-600">
        {noFlows ? appSentence('appOnly.noFlows') : t('step.pick')}
      </p>
    );
  return (
    <div className="space-y-3" data-testid="step-details">
      <ChallengeCard />
      <StepHeading />
      <Narration />
      {after && (
        <p data-testid="flow-after" className="rounded border border-sky-300 bg-sky-50 px-2 py-1 text-xs text-sky-900">
          {t('step.after', { flows: after.join(' → ') })}
        </p>
      )}
      <p data-testid="step-explain" className="text-[15px] leading-snug text-slate-900">
        {text(step.explain)}
      </p>
      {step.simplification && (
        <p data-testid="simplification" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900">
          <span className="font-semibold">{t('step.simplified')}</span> {text(step.simplification)}
        </p>
      )}
      <StepChanges />
      <StepFacts />
      <RuleBecause />
      <Outcome />
      {atEnd && <WhatChanged title={t('changes.endTitle')} />}
      <Alternatives />
      <Pipeline />
      <ChainView />
      <RouteTable />
      <L2Table />
      {step.conntrack && (
        <section data-testid="conntrack-view" aria-label={t('step.conntrackLabel')} className="text-xs">
          <h3 className="text-sm font-semibold text-slate-800">
            {t('step.conntrack', { state: step.conntrack.state })} <span className="font-normal text-slate-600">{t('step.conntrackDirection', { direction: step.conntrack.direction })}</span>
          </h3>
          <p className="mt-1 rounded border border-slate-200 bg-white px-2 py-1 font-mono break-words">{step.conntrack.entry}</p>
        </section>
      )}
      <HeaderTable />
      {flow?.description && (
        <details className="text-xs text-slate-700" data-testid="flow-description">
          <summary className="cursor-pointer font-semibold text-slate-800">{t('step.aboutFlow', { title: flow.title ?? flow.name })}</summary>
          <p className="mt-1 leading-snug">
            <InlineMarkdown text={flow.description} />
          </p>
        </details>
      )}
    </div>
  );
}
