/**
 * The scenario's rules, chains, IPVS services and ipsets the engine loaded but cannot evaluate,
 * as a collapsed list in the header: where each one is, what it says, why, and its file line. A
 * packet that reaches one stops with "cannot evaluate" instead of being matched or skipped.
 */
import { useTranslation } from 'react-i18next';
import { selectUnevaluable } from '../store';
import { useMessage } from './hooks/useMessage';
import { usePacketWalk } from './store-context';

/** Nothing when everything in the scenario can be evaluated. */
export function UnevaluableList() {
  const { t } = useTranslation();
  const text = useMessage();
  const items = usePacketWalk(selectUnevaluable);
  if (items.length === 0) return null;
  return (
    <details data-testid="unevaluable" className="relative shrink-0 text-xs">
      <summary className="cursor-pointer rounded border border-amber-400 bg-amber-50 px-1.5 py-0.5 text-amber-900">{t('unevaluable.summary', { count: items.length })}</summary>
      <div className="absolute right-0 z-20 mt-1 max-h-80 w-[36rem] overflow-auto rounded border border-slate-300 bg-white p-2 shadow-lg">
        <p className="mb-1 text-slate-700">{t('unevaluable.intro')}</p>
        <ul className="space-y-1">
          {items.map((u, i) => (
            <li key={i} data-testid="unevaluable-item">
              <span className="font-semibold">
                {u.netns} · {u.where}
              </span>
              {u.source && <span className="text-slate-500"> · {t('unevaluable.line', { line: u.source.line })}</span>}
              <code className="block font-mono break-words text-slate-900">{u.text}</code>
              <span className="text-slate-600">{text(u.reason)}</span>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
