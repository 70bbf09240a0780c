/**
 * The embed's playback controls (the app's buttons: ../ui/PlaybackButtons.tsx). `minimal`: back,
 * play/pause, forward and the counter. `full`: also
 * first/last, the share link and the step scrubber. (`none` renders nothing: the host drives.)
 */
import { useTranslation } from 'react-i18next';
import { PlaybackButtons } from '../ui/PlaybackButtons';
import { Scrubber } from '../ui/Scrubber';
import { useEmbedStatus } from './embed-context';
import { ShareLink } from './ShareLink';

/** The controls bar. */
export function EmbedControls() {
  const mode = useEmbedStatus((s) => s.options.controls);
  const { t } = useTranslation();
  if (mode === 'none') return null;
  const full = mode === 'full';
  return (
    <div className="shrink-0 border-t border-slate-200 bg-white px-2 py-1.5" role="group" aria-label={t('embed.controls')} data-testid="embed-controls">
      <div className="flex flex-wrap items-center gap-1">
        <PlaybackButtons ids="embed" ends={full} counterClass="ml-1" />
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
