/**
 * The picker's grouping of the catalog: bundled scenarios by topic (`metadata.topic`), in a fixed
 * order (Docker, flannel, Calico, Services, Pains, Linux, then the ones without a topic), filtered
 * by a search over ids, titles, descriptions and flow titles.
 */
import { TOPICS, type Topic } from '../scenario/schema';
import type { ScenarioSummary } from './types';

/** One group of the picker: its topic (`other` for scenarios without one) and its scenarios. */
export interface CatalogGroup {
  readonly topic: Topic | 'other';
  readonly scenarios: readonly ScenarioSummary[];
}

/** What a search looks at for `s`, lower-cased. */
const haystack = (s: ScenarioSummary) => [s.id, s.title, s.description ?? '', ...s.flows.flatMap((f) => [f.name, f.title ?? ''])].join('\n').toLowerCase();

/**
 * Groups `catalog` by topic, keeping the catalog's order inside a group and dropping empty groups.
 * @param query words that must all occur (case-insensitive) in a scenario's id, title, description
 *   or a flow's name or title; empty keeps everything.
 */
export function groupCatalog(catalog: readonly ScenarioSummary[], query = ''): CatalogGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = words.length ? catalog.filter((s) => words.every((w) => haystack(s).includes(w))) : catalog;
  return [...TOPICS, 'other' as const].map((topic) => ({ topic, scenarios: kept.filter((s) => (s.topic ?? 'other') === topic) })).filter((g) => g.scenarios.length > 0);
}
