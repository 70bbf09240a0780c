import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterJsonSchema } from './json-schema';

describe('published cluster JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schema` after changing the format)', () => {
    const published = JSON.parse(readFileSync(resolve(__dirname, '../../public/schema/cluster.schema.json'), 'utf8'));
    expect(published).toEqual(clusterJsonSchema());
  });
  it('requires kind Cluster, version, metadata and network; nodes may come from Node objects instead', () => {
    const s = clusterJsonSchema() as { required: string[] };
    expect(s.required).toEqual(expect.arrayContaining(['kind', 'version', 'metadata', 'network']));
    expect(s.required).not.toContain('nodes');
  });
});
