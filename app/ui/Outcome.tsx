/** The flow's outcome (delivered or dropped, where, with what headers), once playback reaches it. */
import { useTranslation } from 'react-i18next';
import type { Outcome as FlowOutcome } from '../engine';
import { selectReplyOutcome, selectRequestOutcome } from '../store';
import { outcomeText } from './outcome-text';
import { usePacketWalk } from './store-context';

/** One outcome line: green when delivered, red when dropped, amber when the engine stopped at its own limit. */
export function OutcomeLine({ which, o, testId }: { which: 'request' | 'reply'; o: FlowOutcome; testId?: string }) {
  const { t } = useTranslation();
  return (
    <p
      data-testid={testId ?? `outcome-${which}`}
      data-result={o.result}
      className={`rounded px-2 py-1 text-sm font-medium ${o.result === 'delivered' ? 'bg-emerald-100 text-emerald-900' : o.result === 'engine-limit' ? 'bg-amber-100 text-amber-950' : 'bg-red-100 text-red-900'}`}
    >
      <span aria-hidden>{o.result === 'delivered' ? '✔ ' : o.result === 'engine-limit' ? '⚠ ' : '✖ '}</span>
      {outcomeText(t, which, o)}
    </p>
  );
}

/** Outcome lines for request and reply; nothing before the request finishes. */
export function Outcome() {
  const { t } = useTranslation();
  const req = usePacketWalk(selectRequestOutcome);
  const rep = usePacketWalk(selectReplyOutcome);
  const noReply = usePacketWalk((s) => !!s.trace && s.trace.outcome.reply === null && s.step >= s.trace.outcome.request.step);
  if (!req) return null;
  return (
    <section data-testid="outcome" aria-label={t('outcome.label')} aria-live="polite" className="space-y-1">
      <OutcomeLine which="request" o={req} />
      {rep && <OutcomeLine which="reply" o={rep} />}
      {noReply && <p className="text-xs text-slate-600">{t('outcome.noReply')}</p>}
    </section>
  );
}
