import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema';

describe('published JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schema` after changing the format)', () => {
    const published = JSON.parse(readFileSync(resolve(__dirname, '../../public/schema/scenario.schema.json'), 'utf8'));
    expect(published).toEqual(scenarioJsonSchema());
  });
  it('rejects unknown keys and requires version, metadata and hosts', () => {
    const s = scenarioJsonSchema() as { required: string[]; additionalProperties: boolean };
    expect(s.required).toEqual(expect.arrayContaining(['version', 'metadata', 'hosts']));
    expect(s.additionalProperties).toBe(false);
  });
});
