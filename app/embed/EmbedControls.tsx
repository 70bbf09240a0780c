/**
 * The embed's playback controls. `minimal`: back, play/pause, forward and the counter. `full`: also
 * first/last, the share link and the step scrubber. (`none` renders nothing: the host drives.)
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../ui/Icon';
import { Scrubber } from '../ui/Scrubber';
import { usePacketWalk } from '../ui/store-context';
import { useEmbedStatus } from './embed-context';
import { ShareLink } from './ShareLink';

const shape = 'inline-flex h-8 min-w-8 items-center justify-center rounded-md border px-2 text-sm font-semibold shadow-sm disabled:opacity-40';
const btn = `${shape} border-slate-300 bg-white text-slate-800 hover:bg-slate-100`;
/** The play button while playing: dark (one background class only, so none can override the other). */
const btnOn = `${shape} border-slate-800 bg-slate-800 text-white hover:bg-slate-700`;

/** The controls bar. */
export function EmbedControls() {
  const mode = useEmbedStatus((s) => s.options.controls);
  const { t } = useTranslation();
  const { step, count, playing } = usePacketWalk(useShallow((s) => ({ step: s.step, count: s.trace?.steps.length ?? 0, playing: s.playing })));
  const a = usePacketWalk(useShallow((s) => ({ togglePlay: s.togglePlay, stepBack: s.stepBack, stepForward: s.stepForward, jumpToStart: s.jumpToStart, jumpToEnd: s.jumpToEnd })));
  if (mode === 'none') return null;
  const full = mode === 'full';
  const none = count === 0;
  const atEnd = step >= count - 1;
  return (
    <div className="shrink-0 border-t border-slate-200 bg-white px-2 py-1.5" role="group" aria-label={t('embed.controls')} data-testid="embed-controls">
      <div className="flex flex-wrap items-center gap-1">
        {full && (
          <button type="button" className={btn} onClick={a.jumpToStart} disabled={none || step === 0} aria-label={t('embed.first')} title={t('embed.first')} data-testid="embed-first">
            <Icon name="first" />
          </button>
        )}
        <button type="button" className={btn} onClick={a.stepBack} disabled={none || step === 0} aria-label={t('embed.back')} title={t('embed.back')} data-testid="embed-back">
          <Icon name="back" />
        </button>
        <button
          type="button"
          className={`${playing ? btnOn : btn} min-w-20`}
          onClick={a.togglePlay}
          disabled={none}
          aria-label={playing ? t('embed.pauseKey') : t('embed.playKey')}
          title={playing ? t('embed.pauseKey') : t('embed.playKey')}
          data-testid="embed-play"
          data-playing={playing}
        >
          <Icon name={playing ? 'pause' : 'play'} />
          <span className="ml-1">{playing ? t('embed.pause') : t('embed.play')}</span>
        </button>
        <button type="button" className={btn} onClick={a.stepForward} disabled={none || atEnd} aria-label={t('embed.forward')} title={t('embed.forward')} data-testid="embed-forward">
          <Icon name="forward" />
        </button>
        {full && (
          <button type="button" className={btn} onClick={a.jumpToEnd} disabled={none || atEnd} aria-label={t('embed.last')} title={t('embed.last')} data-testid="embed-last">
            <Icon name="last" />
          </button>
        )}
        <span className="ml-1 font-mono text-sm text-slate-700 tabular-nums" data-testid="embed-counter" aria-live="polite">
          {none ? '–' : `${step + 1} / ${count}`}
        </span>
        {full && (
          <span className="ml-auto flex flex-wrap items-center justify-end gap-1">
            <ShareLink />
          </span>
        )}
      </div>
      {full && <Scrubber />}
    </div>
  );
}
