/** The picker's groups: topic order, scenarios without a topic last, search over titles and flows. */
import { describe, expect, it } from 'vitest';
import { groupCatalog } from './catalog-groups';
import type { ScenarioSummary } from './types';

const s = (id: string, topic: ScenarioSummary['topic'], title: string, flows: string[] = []): ScenarioSummary => ({
  id,
  file: `scenarios/${id}.yaml`,
  title,
  topic,
  flows: flows.map((f) => ({ name: f, title: f })),
  errors: [],
});
const catalog = [
  s('a-lesson', 'pains', 'Hairpin'),
  s('b-docker', 'docker', 'Port mapping', ['host to container']),
  s('c-none', undefined, 'Loose'),
  s('d-svc', 'services', 'NodePort', ['laptop to NodePort']),
];

describe('groupCatalog', () => {
  it('orders groups Docker, …, Services, Pains, then scenarios without a topic', () => {
    expect(groupCatalog(catalog).map((g) => [g.topic, g.scenarios.map((x) => x.id)])).toEqual([
      ['docker', ['b-docker']],
      ['services', ['d-svc']],
      ['pains', ['a-lesson']],
      ['other', ['c-none']],
    ]);
  });
  it('keeps scenarios whose title, id or flow titles hold every word, case-insensitively, and drops empty groups', () => {
    expect(groupCatalog(catalog, 'NODEPORT laptop').map((g) => g.scenarios.map((x) => x.id))).toEqual([['d-svc']]);
    expect(groupCatalog(catalog, 'container').map((g) => g.topic)).toEqual(['docker']);
    expect(groupCatalog(catalog, 'nothing-like-this')).toEqual([]);
  });
});
