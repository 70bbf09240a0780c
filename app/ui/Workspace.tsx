/**
 * The app's main screen: header (pickers, language, lesson and presentation tools), error banner,
 * topology and side panel side by side, and the timeline.
 */
import { useTranslation } from 'react-i18next';
import { ErrorList } from './ErrorList';
import { FileDrop } from './FileDrop';
import { HeaderTools } from './HeaderTools';
import { LanguageSwitch } from './LanguageSwitch';
import { UnevaluableList } from './UnevaluableList';
import { ScenarioInfo } from './ScenarioInfo';
import { ClusterSwitch } from './ClusterSwitch';
import { ScenarioPicker } from './ScenarioPicker';
import { SidePanel } from './SidePanel';
import { Timeline } from './Timeline';
import { Topology } from './Topology';

/** The whole page outside presenter mode. */
export function Workspace() {
  const { t } = useTranslation();
  return (
    <div className="flex h-screen min-h-0 flex-col bg-slate-50 text-slate-900">
      <header className="space-y-1 border-b border-slate-200 bg-white px-3 py-2">
        <div className="flex items-center gap-3">
          <h1 className="shrink-0 text-lg font-bold tracking-tight text-slate-900">
            Packet<span className="text-request">Walk</span>
          </h1>
          <ScenarioPicker />
          <LanguageSwitch />
        </div>
        <div className="flex items-center gap-3">
          <ScenarioInfo />
          <ClusterSwitch />
          <UnevaluableList />
          <HeaderTools />
        </div>
      </header>
      <ErrorList />
      <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_clamp(340px,36vw,580px)]">
        <Topology />
        <aside className="min-h-0 overflow-y-auto border-l border-slate-200 bg-slate-50" aria-label={t('app.stepDetails')}>
          <SidePanel />
        </aside>
      </main>
      <Timeline />
      <FileDrop />
    </div>
  );
}
