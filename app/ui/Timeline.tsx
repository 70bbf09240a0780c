/**
 * Playback controls (first, back, play/pause, forward, last: ./PlaybackButtons.tsx, as the embeds
 * have them), the speed, the step counter, and a scrubber listing the steps grouped by netns. Keyboard: see `hooks/useKeyboard`.
 */
import { useTranslation } from 'react-i18next';
import { PLAYBACK_SPEEDS } from '../store';
import { PlaybackButtons } from './PlaybackButtons';
import { Scrubber } from './Scrubber';
import { usePacketWalk } from './store-context';

/** The timeline bar at the bottom of the page. */
export function Timeline() {
  const { t } = useTranslation();
  const speed = usePacketWalk((s) => s.speed);
  const setSpeed = usePacketWalk((s) => s.setSpeed);
  return (
    <footer className="border-t border-slate-200 bg-white px-3 py-2" aria-label={t('timeline.label')}>
      <div className="flex items-center gap-1.5">
        <PlaybackButtons
          ids="step"
          between={
            <label className="ml-2 flex items-center gap-1 text-xs text-slate-600">
              {t('timeline.speed')}
              <select data-testid="speed-select" className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
                {PLAYBACK_SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {s}×
                  </option>
                ))}
              </select>
            </label>
          }
        />
        <span className="ml-auto hidden text-xs text-slate-600 lg:inline">{t('timeline.hint')}</span>
      </div>
      <Scrubber />
    </footer>
  );
}
