/** The right-hand panel: tabs for the step, what changed along the flow, and Break it. */
import { useTranslation } from 'react-i18next';
import type { PanelTab } from '../store';
import { BreakIt } from './BreakIt';
import { StepDetails } from './StepDetails';
import { usePacketWalk } from './store-context';
import { WhatChanged } from './WhatChanged';

const TABS: readonly PanelTab[] = ['step', 'changes', 'break'];

/** The tab bar and the selected tab's content. */
export function SidePanel() {
  const { t } = useTranslation();
  const panel = usePacketWalk((s) => s.panel);
  const show = usePacketWalk((s) => s.showPanel);
  const broken = usePacketWalk((s) => s.breakages.length);
  const hasTrace = usePacketWalk((s) => !!s.trace);
  return (
    <div data-testid="step-panel" className="flex min-h-full flex-col">
      <h2 className="sr-only">{t('app.stepDetails')}</h2>
      <div role="tablist" aria-label={t('tabs.label')} className="sticky top-0 z-10 flex gap-1 border-b border-slate-200 bg-slate-50 px-3 pt-2">
        {TABS.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={panel === tab}
            aria-controls={`tabpanel-${tab}`}
            data-testid={`tab-${tab}`}
            disabled={!hasTrace}
            className={`-mb-px rounded-t-md border px-2.5 py-1 text-sm font-semibold ${panel === tab ? 'border-slate-200 border-b-slate-50 bg-slate-50 text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            onClick={() => show(tab)}
          >
            {t(`tabs.${tab}`)}
            {tab === 'break' && broken > 0 && <span className="ml-1 rounded-full bg-drop px-1.5 text-xs text-on-drop">{broken}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${panel}`} aria-labelledby={`tab-${panel}`} className="p-3">
        {panel === 'step' && <StepDetails />}
        {panel === 'changes' && <WhatChanged />}
        {panel === 'break' && <BreakIt />}
      </div>
    </div>
  );
}
