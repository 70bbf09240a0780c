/** The step's heading line: direction, "Step n of N", where (netns/interface) and the stage. */
import { stageKey } from './stage-key';
import { useTranslation } from 'react-i18next';
import { directionStyle } from './direction-style';
import { usePacketWalk } from './store-context';

/** Direction badge, counter, place and stage; `large` for presenter mode. */
export function StepHeading({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  const step = usePacketWalk((s) => s.trace?.steps[s.step] ?? null);
  const count = usePacketWalk((s) => s.trace?.steps.length ?? 0);
  if (!step) return null;
  const dir = directionStyle(step.direction);
  return (
    <div className={`flex flex-wrap items-center gap-2 ${large ? 'text-xl' : 'text-xs'}`}>
      <span className={`rounded px-1.5 py-0.5 font-bold tracking-wide uppercase ${dir.badge}`} data-testid="step-direction" data-direction={step.direction}>
        {dir.glyph && <span aria-hidden>{dir.glyph}</span>}
        {t(`direction.${step.direction}`)}
      </span>
      <span className="font-semibold text-slate-700">{t('step.counter', { n: step.index + 1, count })}</span>
      <span className="font-mono text-slate-800" data-testid="step-where">
        {step.netns}
        {step.interface && `/${step.interface}`}
      </span>
      <span
        className={`rounded px-1.5 py-0.5 font-medium ${step.stage === 'drop' ? 'bg-drop text-on-drop' : step.stage === 'limit' ? 'bg-amber-200 text-amber-950' : 'bg-slate-200 text-slate-800'}`}
        data-testid="step-stage"
      >
        {t(stageKey(step))}
      </span>
    </div>
  );
}
