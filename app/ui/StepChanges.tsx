/**
 * What this step changed in the packet, at the top of the step panel (it must not fall below the
 * fold): each rewritten header field as `name: old → new`, the translated field name first; MAC
 * rewrites after the others. Pure formatting of `step.changed`.
 */
import { useTranslation } from 'react-i18next';
import { fieldLabel, formatValue } from './header-rows';
import { usePacketWalk } from './store-context';

const isMac = (field: string) => /(^|\.)eth\.(src|dst)$/.test(field);
/** How many fields are listed before the rest is counted. */
const SHOWN = 6;

/** The step's rewritten fields, or nothing when the step changed none. */
export function StepChanges() {
  const { t } = useTranslation();
  const changed = usePacketWalk((s) => s.trace?.steps[s.step]?.changed ?? null);
  if (!changed?.length) return null;
  const ordered = [...changed.filter((c) => !isMac(c.field)), ...changed.filter((c) => isMac(c.field))];
  const shown = ordered.slice(0, SHOWN);
  return (
    <section data-testid="step-changes" aria-label={t('step.changesLabel')} className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs">
      <h3 className="font-semibold text-amber-900">{t('step.changesTitle')}</h3>
      <ul className="mt-0.5 space-y-0.5">
        {shown.map((c) => (
          <li key={c.field} data-testid={`step-change-${c.field}`} className="flex flex-wrap gap-x-1.5">
            <span className="text-slate-700">{fieldLabel(c.field, t)}</span>
            <span className="font-mono">
              <s className="text-slate-600">{formatValue(c.field, c.from)}</s>
              <span aria-label={t('headers.changedTo')}> → </span>
              <strong className="text-slate-900">{formatValue(c.field, c.to)}</strong>
            </span>
          </li>
        ))}
      </ul>
      {ordered.length > SHOWN && <p className="text-slate-600">{t('step.changesMore', { count: ordered.length - SHOWN })}</p>}
    </section>
  );
}
