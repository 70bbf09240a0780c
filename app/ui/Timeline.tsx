/**
 * Playback controls (first, back, play/pause, forward, last, speed), the step counter, and a
 * scrubber listing the steps grouped by netns. Keyboard: see `hooks/useKeyboard`.
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { PLAYBACK_SPEEDS } from '../store';
import { Icon } from './Icon';
import { Scrubber } from './Scrubber';
import { usePacketWalk } from './store-context';

const shape = 'inline-flex h-8 min-w-8 items-center justify-center rounded-md border px-2 text-sm font-semibold shadow-sm disabled:opacity-40';
const light = 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100';
const btn = `${shape} ${light}`;
// Colour classes are exclusive so the active state never competes with bg-white in the cascade.
const active = `${shape} border-slate-800 bg-slate-800 text-white hover:bg-slate-700`;

/** The timeline bar at the bottom of the page. */
export function Timeline() {
  const { t } = useTranslation();
  const { step, count, playing, speed } = usePacketWalk(useShallow((s) => ({ step: s.step, count: s.trace?.steps.length ?? 0, playing: s.playing, speed: s.speed })));
  const a = usePacketWalk(
    useShallow((s) => ({
      togglePlay: s.togglePlay,
      stepBack: s.stepBack,
      stepForward: s.stepForward,
      jumpToStart: s.jumpToStart,
      jumpToEnd: s.jumpToEnd,
      setSpeed: s.setSpeed,
    })),
  );
  const none = count === 0;
  return (
    <footer className="border-t border-slate-200 bg-white px-3 py-2" aria-label={t('timeline.label')}>
      <div className="flex items-center gap-1.5">
        <button type="button" className={btn} onClick={a.jumpToStart} disabled={none || step === 0} aria-label={t('timeline.first')} title={t('timeline.first')} data-testid="step-first">
          <Icon name="first" />
        </button>
        <button type="button" className={btn} onClick={a.stepBack} disabled={none || step === 0} aria-label={t('timeline.back')} title={t('timeline.back')} data-testid="step-back">
          <Icon name="back" />
        </button>
        <button
          type="button"
          className={`${playing ? active : btn} min-w-20`}
          onClick={a.togglePlay}
          disabled={none}
          aria-label={playing ? t('timeline.pauseKey') : t('timeline.playKey')}
          title={playing ? t('timeline.pauseKey') : t('timeline.playKey')}
          data-testid="play-button"
          data-playing={playing}
        >
          <Icon name={playing ? 'pause' : 'play'} />
          <span className="ml-1">{playing ? t('timeline.pause') : t('timeline.play')}</span>
        </button>
        <button type="button" className={btn} onClick={a.stepForward} disabled={none || step >= count - 1} aria-label={t('timeline.forward')} title={t('timeline.forward')} data-testid="step-forward">
          <Icon name="forward" />
        </button>
        <button type="button" className={btn} onClick={a.jumpToEnd} disabled={none || step >= count - 1} aria-label={t('timeline.last')} title={t('timeline.last')} data-testid="step-last">
          <Icon name="last" />
        </button>
        <label className="ml-2 flex items-center gap-1 text-xs text-slate-600">
          {t('timeline.speed')}
          <select data-testid="speed-select" className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs" value={speed} onChange={(e) => a.setSpeed(Number(e.target.value))}>
            {PLAYBACK_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <span className="ml-2 font-mono text-sm text-slate-700 tabular-nums" data-testid="step-counter" aria-live="polite">
          {none ? '–' : `${step + 1} / ${count}`}
        </span>
        <span className="ml-auto hidden text-xs text-slate-600 lg:inline">{t('timeline.hint')}</span>
      </div>
      <Scrubber />
    </footer>
  );
}
