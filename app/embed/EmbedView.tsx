/**
 * One embed's whole view, sized by its container (the iframe's viewport or the custom element's
 * box): header, errors, the topology (framing the flow's path; `view=path`: only its hosts) with the compact step panel beside it (container ≥ 42rem) or
 * under it (narrower, down to phone width), and the controls. Playback timer, reduced motion and
 * keyboard (scoped to the embed) are installed here.
 */
import { useTranslation } from 'react-i18next';
import { useRef } from 'react';
import { Topology } from '../ui/Topology';
import { usePlaybackTimer } from '../ui/hooks/usePlaybackTimer';
import { useReducedMotion } from '../ui/hooks/useReducedMotion';
import { usePacketWalk } from '../ui/store-context';
import { CompactStep } from './CompactStep';
import { EmbedControls } from './EmbedControls';
import { EmbedErrors } from './EmbedErrors';
import { EmbedHeader } from './EmbedHeader';
import { useEmbedStatus } from './embed-context';
import { useEmbedKeyboard } from './useEmbedKeyboard';

/** The embed. */
export function EmbedView() {
  usePlaybackTimer();
  useReducedMotion();
  const root = useRef<HTMLDivElement>(null);
  useEmbedKeyboard(root);
  const phase = useEmbedStatus((s) => s.phase);
  const lang = useEmbedStatus((s) => s.options.lang);
  const view = useEmbedStatus((s) => s.options.view);
  const title = usePacketWalk((s) => s.scenario?.metadata.title ?? '');
  const hasTrace = usePacketWalk((s) => !!s.trace);
  const busy = usePacketWalk((s) => s.busy);
  const { t } = useTranslation();
  return (
    <div
      ref={root}
      lang={lang === 'zh' ? 'zh-CN' : 'en'}
      tabIndex={0}
      role="region"
      aria-label={t('embed.region', { title: title || 'PacketWalk' })}
      data-testid="embed"
      data-phase={phase}
      className="pw-embed @container relative flex h-full min-h-0 w-full flex-col overflow-hidden bg-white text-slate-900 outline-none focus-visible:ring-2 focus-visible:ring-request"
    >
      <EmbedHeader />
      <EmbedErrors />
      {/* Progress, announced politely: "Loading scenario…" until shown, then "Tracing…" while the engine works. */}
      <div role="status" aria-live="polite" data-testid="embed-busy" className={phase === 'loading' ? 'm-auto p-4' : 'pointer-events-none absolute right-2 bottom-12 z-10'}>
        {phase === 'loading' ? (
          <p className="text-sm text-slate-600">{t('embed.loading')}</p>
        ) : (
          busy && (
            <p className="flex items-center gap-2 rounded-full border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-800 shadow">
              <span aria-hidden="true" className="inline-block size-3 animate-spin rounded-full border-2 border-slate-300 border-t-blue-700 motion-reduce:animate-none" />
              {t('busy.tracing')}
            </p>
          )
        )}
      </div>
      {hasTrace ? (
        <div className="grid min-h-0 flex-1 grid-rows-[minmax(9rem,1fr)_minmax(0,auto)] @2xl:grid-cols-[minmax(0,1fr)_minmax(16rem,34%)] @2xl:grid-rows-1">
          <div className="min-h-0 min-w-0">
            <Topology frame="path" view={view} />
          </div>
          <div className="flex max-h-44 min-h-0 flex-col border-t border-slate-200 @2xl:max-h-none @2xl:border-t-0 @2xl:border-l">
            <CompactStep />
          </div>
        </div>
      ) : (
        phase === 'error' && <p className="m-auto p-4 text-sm text-slate-600">{t('embed.noScenario')}</p>
      )}
      {hasTrace && <EmbedControls />}
    </div>
  );
}
