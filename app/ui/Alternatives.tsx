/**
 * A random decision at the current step (`-m statistic --mode random`): every branch with its
 * probability, and a button to re-trace the flow down another branch.
 */
import { useTranslation } from 'react-i18next';
import { selectStepAlternatives } from '../store';
import { usePacketWalk } from './store-context';

/** The alternatives box; nothing when the step offers no random choice. */
export function Alternatives() {
  const { t } = useTranslation();
  const alts = usePacketWalk(selectStepAlternatives);
  const choose = usePacketWalk((s) => s.chooseAlternative);
  const overridden = usePacketWalk((s) => Object.keys(s.choices).length > 0);
  const reset = usePacketWalk((s) => s.resetChoices);
  if (!alts.length) return null;
  return (
    <section data-testid="alternatives" aria-label={t('alternatives.label')} className="rounded border border-sky-300 bg-sky-50 p-2">
      <h3 className="text-sm font-semibold text-sky-900">{t('alternatives.title')}</h3>
      <ul className="mt-1 space-y-1">
        {alts.map((a) => (
          <li key={`${a.choice}=${a.option}`} className="flex flex-wrap items-center gap-2 text-xs">
            <span className="w-12 text-right font-mono font-semibold">{(a.probability * 100).toFixed(0)}%</span>
            <span className="min-w-0 flex-1 font-mono break-words">{t('alternatives.rule', { n: a.option, label: a.label })}</span>
            {a.chosen ? (
              <span data-testid="alt-chosen" className="rounded bg-sky-700 px-1.5 py-0.5 font-medium text-white">
                {t('alternatives.taken')}
              </span>
            ) : (
              <button
                type="button"
                data-testid={`take-branch-${a.option}`}
                className="rounded border border-sky-600 bg-white px-1.5 py-0.5 font-medium text-sky-800 hover:bg-sky-100"
                onClick={() => choose(a.choice, a.option)}
              >
                {t('alternatives.take')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {overridden && (
        <button type="button" className="mt-1 text-xs text-sky-800 underline" onClick={reset}>
          {t('alternatives.back')}
        </button>
      )}
    </section>
  );
}
