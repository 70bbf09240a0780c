/**
 * The presenter's step panel, in large type for the back of a room: where and what (direction,
 * place, stage), the narration caption, the explanation, the rule that decided or the route
 * taken, the header fields rewritten, and the outcome once reached.
 */
import { useMessage } from './hooks/useMessage';
import { useTranslation } from 'react-i18next';
import { ChallengeCard } from './ChallengeCard';
import { fieldLabel, formatValue } from './header-rows';
import { Narration } from './Narration';
import { ErrorOutcomeLines, OutcomeLine } from './Outcome';
import { selectErrorEnded, selectErrorStory, selectReplyOutcome, selectRequestOutcome } from '../store';
import { AnswerLine } from './StepFacts';
import { StepHeading } from './StepHeading';
import { usePacketWalk } from './store-context';

/** The lower band of presenter mode. */
export function PresenterPanel() {
  const { t } = useTranslation();
  const text = useMessage();
  const step = usePacketWalk((s) => s.trace?.steps[s.step] ?? null);
  const req = usePacketWalk(selectRequestOutcome);
  const rep = usePacketWalk(selectReplyOutcome);
  const err = usePacketWalk(selectErrorStory);
  const errEnded = usePacketWalk(selectErrorEnded);
  const atOutcome = usePacketWalk((s) => !!s.trace && [s.trace.outcome.request, s.trace.outcome.reply, s.trace.outcome.error].some((o) => o?.step === s.step));
  if (!step) return null;
  const detail = step.rule?.text ?? step.route?.text ?? step.neigh?.text ?? step.fdb?.text ?? step.conntrack?.entry;
  const changes = step.changed.filter((c) => !c.field.startsWith('eth.')).slice(0, 3);
  return (
    <section data-testid="presenter-panel" aria-label={t('app.stepDetails')} className="space-y-3 px-5 py-4">
      <div className="min-w-0 space-y-3">
        <StepHeading large />
        <ChallengeCard large />
        <Narration large />
        <p data-testid="step-explain" className="text-lg leading-snug text-slate-800">
          {text(step.explain)}
        </p>
      </div>
      <div className="min-w-0 space-y-2">
        {detail && (
          <p data-testid="presenter-detail" className="rounded border-l-4 border-amber-500 bg-amber-50 px-3 py-2 font-mono text-base leading-snug break-words text-slate-900">
            {detail}
          </p>
        )}
        <AnswerLine step={step} className="text-base" />
        {changes.length > 0 && (
          <ul data-testid="presenter-changes" aria-label={t('handout.changes')} className="space-y-1 font-mono text-base text-slate-900">
            {changes.map((c) => (
              <li key={c.field} className="rounded bg-amber-100 px-2 py-1 break-words">
                <span className="block font-sans text-base text-slate-700">{fieldLabel(c.field, t)}</span>
                <span className="text-xl">
                  <s className="text-slate-600">{formatValue(c.field, c.from)}</s> → <strong>{formatValue(c.field, c.to)}</strong>
                </span>
              </li>
            ))}
          </ul>
        )}
        {(atOutcome || step.stage === 'drop') && req && (
          <div className="space-y-1 text-lg [&_p]:text-lg">
            <OutcomeLine which="request" o={req} />
            {rep && <OutcomeLine which="reply" o={rep} />}
            {err && <ErrorOutcomeLines story={err} ended={errEnded} />}
          </div>
        )}
      </div>
    </section>
  );
}
