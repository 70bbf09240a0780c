/**
 * The flow's outcome, revealed as playback reaches it: the request (delivered or dropped, where,
 * with what headers, and the ICMP error or TCP RST the kernel answered a drop with), the reply,
 * and the error packet sent back with what the sending application sees (an errno with its
 * strerror text, or a wait until it times out).
 */
import { useTranslation } from 'react-i18next';
import type { Direction, ErrorAnswer, Outcome as FlowOutcome } from '../engine';
import { selectErrorEnded, selectErrorStory, selectReplyOutcome, selectRequestOutcome, type AppSees, type ErrorStory } from '../store';
import { appSeesText, answerText } from './error-text';
import { outcomeText } from './outcome-text';
import { usePacketWalk } from './store-context';

/** The colours of an outcome line: a delivered error is not a success, so it keeps the error's colour. */
function lineClass(which: Direction, o: FlowOutcome): string {
  if (o.result === 'engine-limit') return 'bg-amber-100 text-amber-950';
  if (which === 'error') return `border-l-4 border-error ${o.result === 'delivered' ? 'bg-error-soft text-slate-900' : 'bg-red-100 text-red-900'}`;
  return o.result === 'delivered' ? 'bg-emerald-100 text-emerald-900' : 'bg-red-100 text-red-900';
}

/**
 * One outcome line: green when delivered, red when dropped, amber when the engine stopped at its
 * own limit; an error packet that reached the sender (↩) in the error colour.
 */
export function OutcomeLine({ which, o, testId, answer }: { which: Direction; o: FlowOutcome; testId?: string; answer?: ErrorAnswer | null }) {
  const { t } = useTranslation();
  return (
    <p data-testid={testId ?? `outcome-${which}`} data-result={o.result} className={`rounded px-2 py-1 text-sm font-medium ${lineClass(which, o)}`}>
      <span aria-hidden>{o.result === 'engine-limit' ? '⚠ ' : o.result === 'dropped' ? '✖ ' : which === 'error' ? '↩ ' : '✔ '}</span>
      {outcomeText(t, which, o, answer)}
    </p>
  );
}

/** What the application sees, in the error colour with its "!" (not by colour alone). */
export function AppSeesLine({ app, testId = 'outcome-app' }: { app: AppSees; testId?: string }) {
  const { t } = useTranslation();
  return (
    <p
      data-testid={testId}
      data-app={app.kind}
      data-errno={app.kind === 'errno' ? app.errno : undefined}
      className="rounded border border-error bg-error-soft px-2 py-1 text-sm font-semibold text-slate-900"
    >
      <span aria-hidden className="text-error">
        !{' '}
      </span>
      {appSeesText(t, app)}
    </p>
  );
}

/** The error lines of a flow: the answer sent, where the error ended, what the application sees. */
export function ErrorOutcomeLines({ story, ended, showAnswer = true }: { story: ErrorStory; ended: boolean; showAnswer?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {story.answer && showAnswer && (
        <p data-testid="outcome-answer" className="text-xs text-slate-700">
          {t('outcome.answered', { what: answerText(t, story.answer) })}
        </p>
      )}
      {story.error && ended && <OutcomeLine which="error" o={story.error} answer={story.answer} />}
      {ended && story.app && <AppSeesLine app={story.app} />}
    </>
  );
}

/** Outcome lines for request, reply and error; nothing before the request finishes. */
export function Outcome() {
  const { t } = useTranslation();
  const req = usePacketWalk(selectRequestOutcome);
  const rep = usePacketWalk(selectReplyOutcome);
  const err = usePacketWalk(selectErrorStory);
  const ended = usePacketWalk(selectErrorEnded);
  // At the drop itself the step panel already says what it answers with.
  const atAnswer = usePacketWalk((s) => !!s.trace?.steps[s.step]?.answer);
  const noReply = usePacketWalk((s) => !!s.trace && s.trace.outcome.reply === null && s.step >= s.trace.outcome.request.step);
  if (!req) return null;
  return (
    <section data-testid="outcome" aria-label={t('outcome.label')} aria-live="polite" className="space-y-1">
      <OutcomeLine which="request" o={req} />
      {rep && <OutcomeLine which="reply" o={rep} />}
      {err && <ErrorOutcomeLines story={err} ended={ended} showAnswer={!atAnswer} />}
      {noReply && !err && <p className="text-xs text-slate-600">{t('outcome.noReply')}</p>}
    </section>
  );
}
