/**
 * "Break it": toggles for edits of the cluster suggested for this flow (delete the rule that
 * decided, delete a route, ip_forward off, strict rp_filter, no MASQUERADE, a smaller MTU).
 * Flipping one re-traces the flow (a store action); the outcome shows where and why it now fails,
 * next to the outcome as written. Reset brings back the scenario.
 */
import { useTranslation } from 'react-i18next';
import type { Outcome } from '../engine';
import { selectBreakageOptions, type BreakageOption } from '../store';
import { useMessage } from './hooks/useMessage';
import { OutcomeLine } from './Outcome';
import { usePacketWalk } from './store-context';

function Toggle({ o, onToggle }: { o: BreakageOption; onToggle: () => void }) {
  const { t } = useTranslation();
  const text = useMessage();
  return (
    <li>
      <label className={`flex cursor-pointer items-start gap-2 rounded border px-2 py-1 text-xs ${o.active ? 'border-red-300 bg-red-50' : 'border-slate-200 bg-white hover:bg-slate-50'}`}>
        <input type="checkbox" data-testid="breakage-toggle" data-kind={o.breakage.kind} className="mt-0.5 h-4 w-4 shrink-0" checked={o.active} onChange={onToggle} />
        <span className="min-w-0">
          <span className="block font-semibold text-slate-800">{t(`breakit.kind.${o.breakage.kind}`)}</span>
          <span className="block font-mono break-words text-slate-700" data-testid="breakage-label">
            {text(o.label)}
          </span>
        </span>
      </label>
    </li>
  );
}

/** The drop step to show: the first outcome that is a drop. */
function failure(outcome: { request: Outcome; reply: Outcome | null }): Outcome | null {
  if (outcome.request.result === 'dropped') return outcome.request;
  return outcome.reply?.result === 'dropped' ? outcome.reply : null;
}

/** The Break it panel. */
export function BreakIt() {
  const { t } = useTranslation();
  const options = usePacketWalk(selectBreakageOptions);
  const toggle = usePacketWalk((s) => s.toggleBreakage);
  const reset = usePacketWalk((s) => s.resetBreakages);
  const active = usePacketWalk((s) => s.breakages.length);
  const now = usePacketWalk((s) => s.trace?.outcome ?? null);
  const before = usePacketWalk((s) => s.baseTrace?.outcome ?? null);
  const jumpTo = usePacketWalk((s) => s.jumpTo);
  const showPanel = usePacketWalk((s) => s.showPanel);
  const fail = now ? failure(now) : null;
  const changed = !!now && !!before && now !== before;
  return (
    <section data-testid="break-it" aria-label={t('breakit.title')} className="space-y-2">
      <div className="flex items-center gap-2">
        <h2 className="flex-1 text-sm font-semibold text-slate-800">{t('breakit.title')}</h2>
        {active > 0 && <span className="text-xs font-semibold text-red-800">{t('breakit.active', { count: active })}</span>}
        <button
          type="button"
          data-testid="breakage-reset"
          disabled={active === 0}
          title={t('breakit.resetTitle')}
          className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-100 disabled:opacity-50"
          onClick={reset}
        >
          {t('breakit.reset')}
        </button>
      </div>
      <p className="text-xs text-slate-600">{t('breakit.intro')}</p>
      {now && before && (
        <div data-testid="break-outcome" className="sticky top-11 z-[5] space-y-1 rounded border border-slate-300 bg-slate-50 p-2 shadow-sm" aria-live="polite">
          {changed && (
            <>
              <h3 className="text-xs font-semibold text-slate-700">{t('breakit.asWritten')}</h3>
              <OutcomeLine which="request" o={before.request} testId="break-before-request" />
              {before.reply && <OutcomeLine which="reply" o={before.reply} testId="break-before-reply" />}
              <h3 className="pt-1 text-xs font-semibold text-slate-700">{t('breakit.now')}</h3>
            </>
          )}
          <OutcomeLine which="request" o={now.request} testId="break-now-request" />
          {now.reply && <OutcomeLine which="reply" o={now.reply} testId="break-now-reply" />}
          {fail && (
            <button
              type="button"
              data-testid="show-failure"
              className="text-xs font-semibold text-blue-800 underline"
              onClick={() => {
                jumpTo(fail.step);
                showPanel('step');
              }}
            >
              {t('breakit.showFailure')}
            </button>
          )}
        </div>
      )}
      {options.length === 0 ? (
        <p className="text-sm text-slate-600">{t('breakit.none')}</p>
      ) : (
        <ul className="space-y-1" aria-label={t('breakit.edits')}>
          {options.map((o) => (
            <Toggle key={o.key} o={o} onToggle={() => toggle(o.breakage)} />
          ))}
        </ul>
      )}
    </section>
  );
}
