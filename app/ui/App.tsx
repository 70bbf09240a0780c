/**
 * The PacketWalk app: header with pickers, error banner, topology and step panel side by side, and
 * the timeline. Installs keyboard control, playback timer, URL sync and reduced-motion tracking.
 */
import { ErrorList } from './ErrorList';
import { FileDrop } from './FileDrop';
import { ScenarioPicker } from './ScenarioPicker';
import { StepPanel } from './StepPanel';
import { Timeline } from './Timeline';
import { Topology } from './Topology';
import { useKeyboard } from './hooks/useKeyboard';
import { usePlaybackTimer } from './hooks/usePlaybackTimer';
import { useReducedMotion } from './hooks/useReducedMotion';
import { useUrlSync } from './hooks/useUrlSync';

/** The whole page. */
export function App() {
  useKeyboard();
  usePlaybackTimer();
  useUrlSync();
  useReducedMotion();
  return (
    <div className="flex h-screen min-h-0 flex-col bg-slate-50 text-slate-900">
      <header className="flex items-start gap-3 border-b border-slate-200 bg-white px-3 py-2">
        <h1 className="shrink-0 pt-0.5 text-lg font-bold tracking-tight text-slate-900">
          Packet<span className="text-request">Walk</span>
        </h1>
        <ScenarioPicker />
      </header>
      <ErrorList />
      <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_clamp(340px,36vw,580px)]">
        <Topology />
        <aside className="min-h-0 overflow-y-auto border-l border-slate-200 bg-slate-50" aria-label="Step details">
          <StepPanel />
        </aside>
      </main>
      <Timeline />
      <FileDrop />
    </div>
  );
}
