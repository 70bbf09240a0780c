/** The flow's outcome (delivered or dropped, where, with what headers), once playback reaches it. */
import { describeOutcome, selectReplyOutcome, selectRequestOutcome } from '../store';
import { usePacketWalk } from './store-context';

/** Outcome lines for request and reply; nothing before the request finishes. */
export function Outcome() {
  const req = usePacketWalk(selectRequestOutcome);
  const rep = usePacketWalk(selectReplyOutcome);
  const noReply = usePacketWalk((s) => !!s.trace && s.trace.outcome.reply === null && s.step >= s.trace.outcome.request.step);
  if (!req) return null;
  const line = (which: 'request' | 'reply', o: NonNullable<typeof req>) => (
    <p
      data-testid={`outcome-${which}`}
      data-result={o.result}
      className={`rounded px-2 py-1 text-sm font-medium ${o.result === 'delivered' ? 'bg-emerald-100 text-emerald-900' : 'bg-red-100 text-red-900'}`}
    >
      {o.result === 'delivered' ? '✔ ' : '✖ '}
      {describeOutcome(which, o)}
    </p>
  );
  return (
    <section data-testid="outcome" aria-label="Outcome" aria-live="polite" className="space-y-1">
      {line('request', req)}
      {rep && line('reply', rep)}
      {noReply && <p className="text-xs text-slate-600">No reply: the request never reached a socket.</p>}
    </section>
  );
}
