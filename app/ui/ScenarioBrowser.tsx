/**
 * "Browse…": a drop-down listing every bundled scenario with its title, one-line description and
 * source article, each a button that opens it. Complements the compact select in the header.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { usePacketWalk } from './store-context';

/** The browse drop-down (a native `<details>`, so it opens and closes by keyboard too). */
export function ScenarioBrowser() {
  const { t } = useTranslation();
  const catalog = usePacketWalk((s) => s.catalog);
  const current = usePacketWalk((s) => s.scenarioId);
  const load = usePacketWalk((s) => s.loadBundledScenario);
  const details = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={details} className="relative shrink-0" data-testid="scenario-browser">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm select-none hover:bg-slate-100">
        {t('header.browse')}
      </summary>
      <div className="absolute right-0 z-40 mt-1 max-h-[70vh] w-[36rem] max-w-[90vw] overflow-auto rounded-md border border-slate-300 bg-white p-1 shadow-lg">
        <ul aria-label={t('header.bundledScenarios')}>
          {catalog.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                data-testid={`browse-${c.id}`}
                aria-current={c.id === current ? 'true' : undefined}
                disabled={c.errors.length > 0}
                className={`block w-full rounded px-2 py-1.5 text-left hover:bg-slate-100 ${c.id === current ? 'bg-blue-50' : ''}`}
                onClick={() => {
                  load(c.id);
                  if (details.current) details.current.open = false;
                }}
              >
                <span className="block text-sm font-semibold text-slate-900">{c.title}</span>
                {c.description && <span className="block truncate text-xs text-slate-600">{c.description}</span>}
                <span className="block text-[11px] text-slate-600">
                  {t('header.flowCount', { count: c.flows.length })}
                  {c.source?.article && ` · ${t('header.sourceShort', { article: `${c.source.article}${c.source.section ? ` §${c.source.section}` : ''}` })}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
