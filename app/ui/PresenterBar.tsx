/**
 * Presenter controls along the bottom: back, next, the step counter, auto-advance with its pace,
 * full screen (with a fallback when the browser refuses), and exit.
 */
import { useTranslation } from 'react-i18next';
import { PRESENTER_PACES, selectKeySteps } from '../store';
import { Icon } from './Icon';
import { enterFullscreen, exitFullscreen } from './hooks/fullscreen';
import { usePacketWalk } from './store-context';

const btn =
  'inline-flex h-9 min-w-9 items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 text-base font-semibold text-slate-800 hover:bg-slate-100 disabled:opacity-40';

/** The presenter's control bar. */
export function PresenterBar() {
  const { t } = useTranslation();
  const step = usePacketWalk((s) => s.step);
  const count = usePacketWalk((s) => s.trace?.steps.length ?? 0);
  const auto = usePacketWalk((s) => s.autoAdvance);
  const pace = usePacketWalk((s) => s.paceMs);
  const back = usePacketWalk((s) => s.presenterBack);
  const next = usePacketWalk((s) => s.presenterNext);
  const keyOnly = usePacketWalk((s) => s.keyStepsOnly);
  const toggleKeyOnly = usePacketWalk((s) => s.toggleKeyStepsOnly);
  const keys = usePacketWalk(selectKeySteps);
  const keyIndex = keys.indexOf(step);
  const toggleAuto = usePacketWalk((s) => s.toggleAutoAdvance);
  const setPace = usePacketWalk((s) => s.setPace);
  const setPresenting = usePacketWalk((s) => s.setPresenting);
  return (
    <footer aria-label={t('presenter.controls')} data-testid="presenter-bar" className="flex items-center gap-2 border-t border-slate-200 bg-white px-4 py-1.5">
      <button type="button" className={btn} onClick={back} disabled={step === 0} aria-label={t('timeline.back')} data-testid="presenter-back">
        <Icon name="back" />
      </button>
      <button type="button" className={btn} onClick={next} disabled={step >= count - 1} aria-label={t('timeline.forward')} data-testid="presenter-next">
        <Icon name="forward" />
      </button>
      <span data-testid="step-counter" className="min-w-20 font-mono text-lg text-slate-800 tabular-nums" aria-live="polite">
        {count ? `${step + 1} / ${count}` : '–'}
      </span>
      <button
        type="button"
        className={`${btn} ${keyOnly ? 'border-amber-600 bg-amber-100' : ''}`}
        aria-pressed={keyOnly}
        title={t('presenter.keyStepsTitle')}
        onClick={toggleKeyOnly}
        data-testid="presenter-key-steps"
      >
        {t('presenter.keySteps')}
        {keyOnly && (
          <span className="font-mono text-sm font-normal tabular-nums" data-testid="presenter-key-index">
            {keyIndex >= 0 ? t('presenter.keyOf', { n: keyIndex + 1, count: keys.length }) : t('presenter.keyCount', { count: keys.length })}
          </span>
        )}
      </button>
      <button
        type="button"
        className={`${btn} ${auto ? 'border-slate-800 bg-slate-800 text-white hover:bg-slate-700' : ''}`}
        aria-pressed={auto}
        title={t('presenter.autoTitle')}
        onClick={toggleAuto}
        data-testid="presenter-auto"
      >
        <Icon name={auto ? 'pause' : 'play'} />
        {t('presenter.auto')}
      </button>
      <label className="flex items-center gap-1 text-sm text-slate-700">
        {t('presenter.pace')}
        <select data-testid="presenter-pace" className="rounded border border-slate-300 bg-white px-1 py-1 text-sm text-slate-900" value={pace} onChange={(e) => setPace(Number(e.target.value))}>
          {PRESENTER_PACES.map((p) => (
            <option key={p} value={p}>
              {t('presenter.seconds', { s: p / 1000 })}
            </option>
          ))}
        </select>
      </label>
      <span className="ml-auto hidden text-sm text-slate-600 md:inline">{t('presenter.keys')}</span>
      <button type="button" className={btn} onClick={() => void enterFullscreen()} data-testid="presenter-fullscreen">
        {t('presenter.fullscreen')}
      </button>
      <button
        type="button"
        className={btn}
        title={t('presenter.exitTitle')}
        data-testid="presenter-exit"
        onClick={() => {
          void exitFullscreen();
          setPresenting(false);
        }}
      >
        {t('presenter.exit')}
      </button>
    </footer>
  );
}
