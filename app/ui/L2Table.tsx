/**
 * The neighbour (ARP) or bridge/VXLAN FDB entry used at the current step, how it was obtained, and
 * the netns's configured entries with the one used highlighted.
 */
import { useTranslation } from 'react-i18next';
import { selectL2View } from '../store';
import { usePacketWalk } from './store-context';

/** The neighbour/FDB view; nothing when the step used neither. */
export function L2Table() {
  const { t } = useTranslation();
  const v = usePacketWalk(selectL2View);
  if (!v) return null;
  return (
    <section data-testid={v.kind === 'neigh' ? 'neigh-view' : 'fdb-view'} aria-label={v.kind === 'neigh' ? t('l2.neighLabel') : t('l2.fdbLabel')} className="space-y-1">
      <h3 className="text-sm font-semibold text-slate-800">
        {v.kind === 'neigh' ? t('l2.neighTitle') : t('l2.fdbTitle')}
        <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs font-medium text-slate-700">{t(`l2.how.${v.how}` as 'l2.how.static', { defaultValue: v.how })}</span>
      </h3>
      <p className="rounded border-l-4 border-amber-500 bg-amber-100 px-2 py-1 font-mono text-xs font-semibold break-words">{v.entry}</p>
      {v.answeredBy && <p className="text-xs text-slate-600">{t('l2.answeredBy', { who: v.answeredBy })}</p>}
      {v.ports && v.ports.length > 0 && <p className="text-xs text-slate-600">{t('l2.outOf', { ports: v.ports.join(', ') })}</p>}
      {v.table.length > 0 && (
        <details className="text-xs" open={v.table.some((r) => r.used)}>
          <summary className="cursor-pointer text-slate-600">
            <span className="font-mono">{v.kind === 'neigh' ? 'ip neigh' : 'bridge fdb'}</span> {t('l2.tableOf', { netns: v.netns, count: v.table.length })}
          </summary>
          <ul className="mt-1 rounded border border-slate-200 bg-white py-1 font-mono">
            {v.table.map((r, i) => (
              <li key={i} className={`px-2 py-0.5 ${r.used ? 'bg-amber-100 font-semibold' : 'text-slate-600'}`}>
                {r.text}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
