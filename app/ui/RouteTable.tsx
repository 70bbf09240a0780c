/**
 * The routing tables of the current netns at a routing decision, as `ip route` prints them, with
 * the chosen route highlighted; the local table is collapsed unless the chosen route is in it. With
 * policy routing, the `ip rule` list comes first, the rule that chose the table highlighted, and
 * the table shown is the one the route came from.
 */
import { useTranslation } from 'react-i18next';
import { selectRouteView, type RouteRow } from '../store';
import { usePacketWalk } from './store-context';

function Rows({ rows }: { rows: readonly RouteRow[] }) {
  const { t } = useTranslation();
  return (
    <ul className="rounded border border-slate-200 bg-white py-1 font-mono text-xs leading-snug">
      {rows.map((r, i) => (
        <li
          key={i}
          data-testid={r.chosen ? 'route-chosen' : 'route'}
          className={`border-l-4 px-1.5 py-0.5 break-words ${r.chosen ? 'border-amber-500 bg-amber-100 font-semibold text-slate-900' : 'border-transparent text-slate-700'}`}
        >
          {r.text}
          {r.derived && <span className="ml-1 font-sans text-[10px] text-slate-600">{t('routes.kernel')}</span>}
        </li>
      ))}
      {rows.length === 0 && <li className="px-2 text-slate-500">{t('routes.empty')}</li>}
    </ul>
  );
}

/** The routing view; nothing when the step is not a routing decision. */
export function RouteTable() {
  const { t } = useTranslation();
  const view = usePacketWalk(selectRouteView);
  const showLocal = usePacketWalk((s) => s.showLocalRoutes);
  const toggleLocal = usePacketWalk((s) => s.toggleLocalRoutes);
  if (!view) return null;
  const localOpen = showLocal || view.chosenTable === 'local';
  return (
    <section data-testid="route-table" aria-label={t('routes.label')} className="space-y-1">
      {view.rules && (
        <>
          <h3 className="text-sm font-semibold text-slate-800">{t('routes.rules', { netns: view.netns })}</h3>
          <Rows rows={view.rules} />
        </>
      )}
      <h3 className="text-sm font-semibold text-slate-800">{t('routes.title', { netns: view.netns, table: view.table })}</h3>
      <Rows rows={view.main} />
      <button type="button" className="text-xs font-medium text-blue-700 hover:underline" aria-expanded={localOpen} onClick={toggleLocal} disabled={view.chosenTable === 'local'}>
        {localOpen ? '▾' : '▸'} {t('routes.local', { count: view.local.length })}
      </button>
      {localOpen && <Rows rows={view.local} />}
      {view.chosenText && !view.main.some((r) => r.chosen) && !view.local.some((r) => r.chosen) && (
        <p className="text-xs text-slate-600">
          {t('routes.used')} <span className="font-mono">{view.chosenText}</span>
        </p>
      )}
    </section>
  );
}
