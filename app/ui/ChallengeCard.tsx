/**
 * Challenge mode in the step panel: the flow's score, and the questions to answer before the next
 * step is revealed (which chain is next, which rule matches, the new destination, where the packet
 * is dropped). Answers are checked at once; a question can be skipped explicitly.
 */
import { useTranslation } from 'react-i18next';
import { htmlLang } from '../i18n/languages';
import { selectAnswers, selectBlocked, selectChallengeScore, selectQuestionsAhead, type Question } from '../store';
import { usePacketWalk } from './store-context';

function QuestionBox({ q, large }: { q: Question; large: boolean }) {
  const { t } = useTranslation();
  const lang = usePacketWalk((s) => s.language);
  const given = usePacketWalk((s) => selectAnswers(s)[q.id]);
  const answer = usePacketWalk((s) => s.answerQuestion);
  const skip = usePacketWalk((s) => s.skipQuestion);
  const done = given !== undefined;
  const right = q.options.find((o) => o.id === q.answer)?.label ?? '';
  return (
    <div data-testid="challenge-question" data-kind={q.kind} data-question={q.id} className="space-y-1.5 rounded-md border-2 border-violet-400 bg-violet-50 p-2">
      <p className="text-xs font-semibold tracking-wide text-violet-800 uppercase">{t('challenge.before', { n: q.step + 1 })}</p>
      <p lang={htmlLang(lang)} className={`font-semibold text-slate-900 ${large ? 'text-2xl' : 'text-sm'}`}>
        {q.prompt[lang]}
      </p>
      <ul className="space-y-1">
        {q.options.map((o) => {
          const chosen = given === o.id;
          const mark = done && o.id === q.answer ? 'border-emerald-600 bg-emerald-100' : chosen ? 'border-red-500 bg-red-100' : 'border-slate-300 bg-white hover:bg-slate-100';
          return (
            <li key={o.id}>
              <button
                type="button"
                data-testid={`challenge-option-${o.id}`}
                data-correct={done ? String(o.id === q.answer) : undefined}
                aria-pressed={chosen}
                disabled={done}
                className={`block w-full rounded border px-2 py-1 text-left font-mono break-words text-slate-900 disabled:cursor-default ${large ? 'text-lg' : 'text-xs'} ${mark}`}
                onClick={() => answer(q.id, o.id)}
              >
                {o.label}
              </button>
            </li>
          );
        })}
      </ul>
      {done ? (
        <p
          data-testid="challenge-feedback"
          data-result={given === null ? 'skipped' : given === q.answer ? 'correct' : 'wrong'}
          role="status"
          className={`text-sm font-semibold ${given === q.answer ? 'text-emerald-900' : 'text-red-900'}`}
        >
          {given === null ? t('challenge.skipped', { answer: right }) : given === q.answer ? t('challenge.correct') : t('challenge.wrong', { answer: right })}
        </p>
      ) : (
        <button type="button" data-testid="challenge-skip" className="text-xs font-semibold text-violet-800 underline" onClick={() => skip(q.id)}>
          {t('challenge.skip')}
        </button>
      )}
    </div>
  );
}

/** The score line and the open questions; nothing outside challenge mode. */
export function ChallengeCard({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  const on = usePacketWalk((s) => s.challenge);
  const questions = usePacketWalk(selectQuestionsAhead);
  const score = usePacketWalk(selectChallengeScore);
  const blocked = usePacketWalk(selectBlocked);
  const startOver = usePacketWalk((s) => s.resetAnswers);
  if (!on) return null;
  return (
    <section data-testid="challenge" aria-label={t('challenge.label')} className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span data-testid="challenge-score" data-correct={score.correct} data-total={score.total} className="rounded bg-violet-50 px-2 py-0.5 font-bold text-violet-800">
          {t('challenge.score', { correct: score.correct, total: score.total })}
        </span>
        <span className="text-xs text-slate-600">{t('challenge.scoreDetail', { answered: score.answered, skipped: score.skipped })}</span>
        {score.answered + score.skipped > 0 && (
          <button type="button" className="ml-auto text-xs text-slate-700 underline" onClick={startOver}>
            {t('challenge.startOver')}
          </button>
        )}
      </div>
      {questions.map((q) => (
        <QuestionBox key={q.id} q={q} large={large} />
      ))}
      {blocked && (
        <p data-testid="challenge-blocked" role="status" className="text-xs font-semibold text-violet-800">
          {t('challenge.blocked')}
        </p>
      )}
    </section>
  );
}
