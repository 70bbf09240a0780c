/** The header's lesson and presentation tools: challenge mode, presenter mode, export, view. */
import { useTranslation } from 'react-i18next';
import { ExportMenu } from './ExportMenu';
import { enterFullscreen } from './hooks/fullscreen';
import { usePacketWalk } from './store-context';
import { ViewMenu } from './ViewMenu';

const btn = 'shrink-0 rounded-md border px-2 py-0.5 text-xs font-semibold shadow-sm';

/** Challenge toggle, Present button, Export and View menus. */
export function HeaderTools() {
  const { t } = useTranslation();
  const challenge = usePacketWalk((s) => s.challenge);
  const setChallenge = usePacketWalk((s) => s.setChallenge);
  const setPresenting = usePacketWalk((s) => s.setPresenting);
  return (
    <div role="group" aria-label={t('header.tools')} className="flex shrink-0 items-center gap-1.5">
      <button
        type="button"
        data-testid="challenge-toggle"
        aria-pressed={challenge}
        title={t('challenge.toggleTitle')}
        className={`${btn} ${challenge ? 'border-violet-700 bg-violet-700 text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100'}`}
        onClick={() => setChallenge(!challenge)}
      >
        {challenge ? '✓ ' : ''}
        {t('challenge.toggle')}
      </button>
      <button
        type="button"
        data-testid="present-button"
        title={t('presenter.presentTitle')}
        className={`${btn} border-slate-300 bg-white text-slate-800 hover:bg-slate-100`}
        onClick={() => {
          setPresenting(true);
          void enterFullscreen();
        }}
      >
        ▶ {t('presenter.present')}
      </button>
      <ExportMenu />
      <ViewMenu />
    </div>
  );
}
