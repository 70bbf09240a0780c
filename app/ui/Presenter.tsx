/**
 * Presenter mode (`?present=1`): only the topology and a large-type step panel, filling the screen
 * (or the window when full screen is refused); clicker keys, `B` to blank, auto-advance.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PresenterBar } from './PresenterBar';
import { PresenterPanel } from './PresenterPanel';
import { usePacketWalk } from './store-context';
import { Topology } from './Topology';

/** The whole presenter screen. */
export function Presenter() {
  const { t } = useTranslation();
  const blanked = usePacketWalk((s) => s.blanked);
  const title = usePacketWalk((s) => s.scenario?.metadata.title ?? '');
  const flow = usePacketWalk((s) => s.scenario?.flows.find((f) => f.name === s.flowName));
  // The page's type scales with the screen while presenting (html.presenting in index.css).
  useEffect(() => {
    document.documentElement.classList.add('presenting');
    return () => document.documentElement.classList.remove('presenting');
  }, []);
  return (
    <div data-testid="presenter" className="fixed inset-0 flex flex-col bg-white text-slate-900">
      <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_minmax(20rem,30%)]">
        <h1 className="sr-only">{`PacketWalk: ${title}${flow ? ` · ${flow.title ?? flow.name}` : ''}`}</h1>
        <Topology legend={false} follow />
        {/* Large type may overflow on a small screen: the panel scrolls, and takes focus for the keyboard. */}
        <div tabIndex={0} role="region" aria-label={t('app.stepDetails')} className="min-h-0 overflow-y-auto border-l-2 border-slate-200 bg-slate-50">
          <PresenterPanel />
        </div>
      </main>
      <PresenterBar />
      {blanked && (
        <div data-testid="blank-screen" role="status" className="fixed inset-0 z-[100] bg-black" style={{ background: '#000' }}>
          <span className="sr-only">{t('presenter.blanked')}</span>
        </div>
      )}
    </div>
  );
}
