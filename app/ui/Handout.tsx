/**
 * The printable handout of a flow (`?handout=1`): title and introduction, what changed, then one
 * block per step with its caption, explanation, the rule (or route, neighbour, FDB entry) and the
 * header changes, and the outcome. A print stylesheet (index.css) keeps blocks whole; "Print"
 * calls `window.print()`. Scenario text is rendered as text.
 */
import { InlineMarkdown } from './InlineMarkdown';
import { useMessage } from './hooks/useMessage';
import { stageKey } from './stage-key';
import { useTranslation } from 'react-i18next';
import type { TraceStep } from '../engine';
import { htmlLang } from '../i18n/languages';
import { errorStory, selectCaptions, selectCurrentFlow, selectIntro, selectRewrites } from '../store';
import { formatValue } from './header-rows';
import { LanguageSwitch } from './LanguageSwitch';
import { ErrorOutcomeLines, OutcomeLine } from './Outcome';
import { AnswerLine } from './StepFacts';
import { usePacketWalk } from './store-context';
import { formatLocation } from './url';

function StepBlock({ s, caption }: { s: TraceStep; caption?: string }) {
  const { t } = useTranslation();
  const text = useMessage();
  const lang = usePacketWalk((st) => st.language);
  const detail = s.rule ? ['rule', s.rule.text] : s.route ? ['route', s.route.text] : s.neigh ? ['neigh', s.neigh.text] : s.fdb ? ['fdb', s.fdb.text] : null;
  return (
    <li data-testid="handout-step" className="handout-step border-b border-slate-300 py-2">
      <p className="text-sm">
        <span className="font-bold">{s.index + 1}.</span> <span className="font-semibold uppercase">{t(`direction.${s.direction}`)}</span> ·{' '}
        <span className="font-mono">
          {s.netns}
          {s.interface && `/${s.interface}`}
        </span>{' '}
        · {t(stageKey(s))}
        {(s.table || s.nft) && s.chain && <span className="font-mono"> · {`${s.nft ? `${s.nft.family} ${s.nft.table}` : s.table}/${s.chain}`}</span>}
      </p>
      {caption && (
        <p lang={htmlLang(lang)} className="mt-1 border-l-4 border-amber-500 pl-2 font-medium">
          <InlineMarkdown text={caption} />
        </p>
      )}
      <p data-testid="handout-explain" className="mt-1 text-sm">
        {text(s.explain)}
      </p>
      <AnswerLine step={s} className="mt-1 text-xs" />
      {detail && (
        <p className="mt-1 font-mono text-xs break-words">
          <span className="font-sans font-semibold">{detail[0] === 'route' ? t('handout.route') : t('handout.rule')}: </span>
          {detail[1]}
        </p>
      )}
      <p className="mt-1 font-mono text-xs break-words">
        <span className="font-sans font-semibold">{t('handout.changes')}: </span>
        {s.changed.length ? (
          s.changed.map((c) => `${c.field} ${formatValue(c.field, c.from)} → ${formatValue(c.field, c.to)}`).join('; ')
        ) : (
          <span className="font-sans italic">{t('handout.noChanges')}</span>
        )}
      </p>
    </li>
  );
}

/** The handout page. */
export function Handout() {
  const { t } = useTranslation();
  const text = useMessage();
  const scenario = usePacketWalk((s) => s.scenario);
  const flow = usePacketWalk(selectCurrentFlow);
  const trace = usePacketWalk((s) => s.trace);
  const intro = usePacketWalk(selectIntro);
  const captions = usePacketWalk(selectCaptions);
  const rewrites = usePacketWalk(selectRewrites);
  const lang = usePacketWalk((s) => s.language);
  const appLink = usePacketWalk((s) => formatLocation({ scenario: s.scenarioId ?? undefined, flow: s.flowName ?? undefined, choices: s.choices, lang: s.language }));
  if (!scenario || !flow || !trace) return <p className="p-6">{t('handout.loading')}</p>;
  const story = errorStory(trace);
  return (
    <main data-testid="handout" className="handout mx-auto max-w-4xl bg-white p-6 text-slate-900">
      <div className="no-print mb-4 flex items-center gap-2">
        <button type="button" data-testid="handout-print" className="rounded-md border border-slate-400 px-3 py-1 font-semibold hover:bg-slate-100" onClick={() => window.print()}>
          {t('handout.print')}
        </button>
        <a className="text-sm text-blue-800 underline" href={appLink || './'}>
          {t('handout.back')}
        </a>
        <LanguageSwitch className="ml-auto" />
      </div>
      <p className="text-sm font-semibold text-slate-600">PacketWalk · {t('handout.title')}</p>
      <h1 className="text-2xl font-bold">{scenario.metadata.title}</h1>
      <h2 className="text-lg font-semibold">{flow.title ?? flow.name}</h2>
      {scenario.metadata.description && (
        <p className="mt-1 text-sm">
          <InlineMarkdown text={scenario.metadata.description} />
        </p>
      )}
      {intro && (
        <p lang={htmlLang(lang)} className="mt-2 rounded border border-slate-300 p-2">
          {intro[lang]}
        </p>
      )}
      <section className="mt-4 handout-step">
        <h2 className="text-lg font-semibold">{t('handout.outcome')}</h2>
        <div className="space-y-1">
          <OutcomeLine which="request" o={trace.outcome.request} testId="handout-outcome-request" />
          {trace.outcome.reply && <OutcomeLine which="reply" o={trace.outcome.reply} testId="handout-outcome-reply" />}
          {story && <ErrorOutcomeLines story={story} ended />}
        </div>
      </section>
      <section className="mt-4">
        <h2 className="text-lg font-semibold">{t('changes.title')}</h2>
        <ol className="list-decimal pl-6 text-sm" data-testid="handout-changes">
          {rewrites.map((r) => (
            <li key={`${r.step}-${r.kind}`} className="font-mono text-xs break-words">
              [{t('changes.step', { n: r.step + 1 })}] {text(r.text)}
            </li>
          ))}
        </ol>
      </section>
      <section className="mt-4">
        <h2 className="text-lg font-semibold">{t('handout.steps')}</h2>
        <ol>
          {trace.steps.map((s) => (
            <StepBlock key={s.index} s={s} caption={captions.get(s.index)?.[lang]} />
          ))}
        </ol>
      </section>
    </main>
  );
}
