/**
 * The playback buttons the app's timeline and the embeds share: first, back, play/pause, forward,
 * last (the keys of ./keys.ts do the same), with the step counter. `ids` prefixes the test ids
 * (`step` in the app: step-first, play-button…; `embed` in an embed: embed-first, embed-play…);
 * `ends` shows first/last.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from './Icon';
import { usePacketWalk } from './store-context';

const shape = 'inline-flex h-8 min-w-8 items-center justify-center rounded-md border px-2 text-sm font-semibold shadow-sm disabled:opacity-40';
const btn = `${shape} border-slate-300 bg-white text-slate-800 hover:bg-slate-100`;
// Colour classes are exclusive so the active state never competes with bg-white in the cascade.
const btnOn = `${shape} border-slate-800 bg-slate-800 text-white hover:bg-slate-700`;

/** Test ids of each control, by form. */
const IDS = {
  step: { first: 'step-first', back: 'step-back', play: 'play-button', forward: 'step-forward', last: 'step-last', counter: 'step-counter' },
  embed: { first: 'embed-first', back: 'embed-back', play: 'embed-play', forward: 'embed-forward', last: 'embed-last', counter: 'embed-counter' },
} as const;

/** The buttons and the counter (`n / total`); `between` goes between them (the app's speed picker). */
export function PlaybackButtons({ ids, ends = true, counterClass = 'ml-2', between }: { ids: keyof typeof IDS; ends?: boolean; counterClass?: string; between?: ReactNode }) {
  const { t } = useTranslation();
  const id = IDS[ids];
  const { step, count, playing } = usePacketWalk(useShallow((s) => ({ step: s.step, count: s.trace?.steps.length ?? 0, playing: s.playing })));
  const a = usePacketWalk(useShallow((s) => ({ togglePlay: s.togglePlay, stepBack: s.stepBack, stepForward: s.stepForward, jumpToStart: s.jumpToStart, jumpToEnd: s.jumpToEnd })));
  const none = count === 0;
  const atEnd = step >= count - 1;
  return (
    <>
      {ends && (
        <button type="button" className={btn} onClick={a.jumpToStart} disabled={none || step === 0} aria-label={t('timeline.first')} title={t('timeline.first')} data-testid={id.first}>
          <Icon name="first" />
        </button>
      )}
      <button type="button" className={btn} onClick={a.stepBack} disabled={none || step === 0} aria-label={t('timeline.back')} title={t('timeline.back')} data-testid={id.back}>
        <Icon name="back" />
      </button>
      <button
        type="button"
        className={`${playing ? btnOn : btn} min-w-20`}
        onClick={a.togglePlay}
        disabled={none}
        aria-label={playing ? t('timeline.pauseKey') : t('timeline.playKey')}
        title={playing ? t('timeline.pauseKey') : t('timeline.playKey')}
        data-testid={id.play}
        data-playing={playing}
      >
        <Icon name={playing ? 'pause' : 'play'} />
        <span className="ml-1">{playing ? t('timeline.pause') : t('timeline.play')}</span>
      </button>
      <button type="button" className={btn} onClick={a.stepForward} disabled={none || atEnd} aria-label={t('timeline.forward')} title={t('timeline.forward')} data-testid={id.forward}>
        <Icon name="forward" />
      </button>
      {ends && (
        <button type="button" className={btn} onClick={a.jumpToEnd} disabled={none || atEnd} aria-label={t('timeline.last')} title={t('timeline.last')} data-testid={id.last}>
          <Icon name="last" />
        </button>
      )}
      {between}
      <span className={`${counterClass} font-mono text-sm text-slate-700 tabular-nums`} data-testid={id.counter} aria-live="polite">
        {none ? '–' : `${step + 1} / ${count}`}
      </span>
    </>
  );
}
