/**
 * The compact step panel of an embed: direction, step number, where (netns/interface), stage, the
 * flow author's caption for the step (scenario text: its code spans as code, the rest as text), the one-sentence
 * explanation, the rule that matched at a netfilter step, the header fields the step rewrote
 * (`IP dst: 172.16.240.131 → 10.244.0.74`, at most 3, MACs left out), the engine's simplification
 * note and, once reached, the flow's outcome.
 */
import { CaptionText } from './CaptionText';
import { stageKey } from '../ui/stage-key';
import { useTranslation } from 'react-i18next';
import { useMessage } from '../ui/hooks/useMessage';
import { selectCaption, selectChainView } from '../store';
import { fieldLabel, formatValue } from '../ui/header-rows';
import { htmlLang } from '../i18n/languages';
import { Outcome } from '../ui/Outcome';
import { usePacketWalk } from '../ui/store-context';
import { directionStyle } from '../ui/direction-style';

/** The step panel beside (or under) the topology. */
export function CompactStep() {
  const step = usePacketWalk((s) => s.trace?.steps[s.step] ?? null);
  const count = usePacketWalk((s) => s.trace?.steps.length ?? 0);
  const chain = usePacketWalk(selectChainView);
  const caption = usePacketWalk(selectCaption);
  const lang = usePacketWalk((s) => s.language);
  const { t } = useTranslation();
  const text = useMessage();
  if (!step) return null;
  const dir = directionStyle(step.direction);
  const matched = chain?.rules.find((r) => r.status === 'matched');
  const changes = step.changed.filter((c) => !/(^|\.)eth\./.test(c.field)).slice(0, 3);
  // The field names the app uses too (`field.*`); a field without one shows its path.
  const label = (field: string) => fieldLabel(field, t);
  return (
    <section className="min-h-0 space-y-2 overflow-y-auto bg-slate-50 p-2.5 text-sm" aria-label={t('embed.details')} data-testid="embed-step">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
        <span className={`rounded px-1.5 py-0.5 font-bold tracking-wide uppercase ${dir.badge}`} data-testid="embed-direction" data-direction={step.direction}>
          {dir.glyph && <span aria-hidden>{dir.glyph}</span>}
          {t(`direction.${step.direction}`)}
        </span>
        <span className="font-semibold text-slate-700" data-testid="embed-step-of">
          {t('embed.stepOf', { n: step.index + 1, count })}
        </span>
        <span className={`rounded px-1.5 py-0.5 font-medium ${step.stage === 'drop' ? 'bg-drop text-white' : 'bg-slate-200 text-slate-800'}`} data-testid="embed-stage">
          {t(stageKey(step))}
        </span>
      </div>
      <p className="font-mono text-xs break-all text-slate-800" data-testid="embed-where">
        {step.netns}
        {step.interface && `/${step.interface}`}
      </p>
      {caption && (
        <p className="rounded border-l-4 border-amber-500 bg-amber-50 px-1.5 py-0.5 leading-snug font-medium text-slate-900" data-testid="embed-caption" lang={htmlLang(lang)}>
          <CaptionText text={caption[lang]} />
        </p>
      )}
      <p className="leading-snug text-slate-900" data-testid="embed-explain">
        {text(step.explain)}
      </p>
      {matched && (
        <p className="rounded border-l-4 border-amber-500 bg-amber-100 px-1.5 py-0.5 font-mono text-xs break-words text-slate-900" data-testid="embed-rule">
          <span className="sr-only">{t('embed.matched')}: </span>
          {matched.text}
        </p>
      )}
      {changes.length > 0 && (
        <ul className="space-y-0.5 font-mono text-xs break-words text-slate-900" aria-label={t('embed.changes')} data-testid="embed-changes">
          {changes.map((c) => (
            <li key={c.field}>
              <span className="font-sans text-slate-700">{label(c.field)}:</span> <s className="text-slate-600">{formatValue(c.field, c.from)}</s> → <strong>{formatValue(c.field, c.to)}</strong>
            </li>
          ))}
        </ul>
      )}
      {step.simplification && (
        <p className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900">
          <span className="font-semibold">{t('embed.simplified')}</span> {text(step.simplification)}
        </p>
      )}
      <Outcome />
    </section>
  );
}
