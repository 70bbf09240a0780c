/**
 * "Browse…": a drop-down listing every bundled scenario grouped by topic (Docker, flannel, Calico,
 * Services, Pains, Linux), with a search box over titles, descriptions and flows; each line shows
 * the title, one-line description and source article and opens the scenario. Complements the
 * compact select in the header.
 */
import { InlineMarkdown } from './InlineMarkdown';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDetailsDismiss } from './hooks/useDetailsDismiss';
import { usePacketWalk } from './store-context';
import { groupCatalog } from '../store/catalog-groups';
import type { ScenarioSummary } from '../store/types';

/** The browse drop-down (a native `<details>`, so it opens and closes by keyboard too). */
export function ScenarioBrowser() {
  const { t } = useTranslation();
  const catalog = usePacketWalk((s) => s.catalog);
  const [query, setQuery] = useState('');
  const details = useRef<HTMLDetailsElement>(null);
  useDetailsDismiss(details);
  const groups = groupCatalog(catalog, query);
  return (
    <details ref={details} className="relative shrink-0" data-testid="scenario-browser">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm select-none hover:bg-slate-100">
        {t('header.browse')}
      </summary>
      <div className="absolute right-0 z-40 mt-1 max-h-[70vh] w-[36rem] max-w-[90vw] overflow-auto rounded-md border border-slate-300 bg-white p-1 shadow-lg">
        <input
          type="search"
          data-testid="browse-search"
          aria-label={t('header.search')}
          placeholder={t('header.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="mb-1 w-full rounded border border-slate-300 px-2 py-1 text-sm text-slate-900"
        />
        {groups.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-600">{t('header.noMatch', { query })}</p>}
        {groups.map((g) => (
          <section key={g.topic} aria-label={t(`header.topics.${g.topic}`)} data-testid={`browse-group-${g.topic}`}>
            <h3 className="px-2 pt-2 pb-0.5 text-[11px] font-bold tracking-wide text-slate-500 uppercase">{t(`header.topics.${g.topic}`)}</h3>
            <ul>
              {g.scenarios.map((c) => (
                <BrowseItem key={c.id} c={c} onOpen={() => details.current && (details.current.open = false)} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </details>
  );
}

/** One scenario of the list: a button that opens it. */
function BrowseItem({ c, onOpen }: { c: ScenarioSummary; onOpen: () => void }) {
  const { t } = useTranslation();
  const current = usePacketWalk((s) => s.scenarioId);
  const load = usePacketWalk((s) => s.loadBundledScenario);
  return (
    <li>
      <button
        type="button"
        data-testid={`browse-${c.id}`}
        aria-current={c.id === current ? 'true' : undefined}
        disabled={c.errors.length > 0}
        className={`block w-full rounded px-2 py-1.5 text-left hover:bg-slate-100 ${c.id === current ? 'bg-blue-50' : ''}`}
        onClick={() => {
          load(c.id);
          onOpen();
        }}
      >
        <span className="block text-sm font-semibold text-slate-900">{c.title}</span>
        {c.description && (
          <span className="block truncate text-xs text-slate-600">
            <InlineMarkdown text={c.description} />
          </span>
        )}
        <span className="block text-[11px] text-slate-600">
          {t('header.flowCount', { count: c.flows.length })}
          {c.source?.article && ` · ${t('header.sourceShort', { article: `${c.source.article}${c.source.section ? ` §${c.source.section}` : ''}` })}`}
        </span>
      </button>
    </li>
  );
}
