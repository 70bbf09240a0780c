/**
 * `npm run schema [-- <out.json>]`: writes the JSON Schema of the scenario format to
 * public/schema/scenario.schema.json (or the given path).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { scenarioJsonSchema } from '../scenario/json-schema';
import { positionalArgs } from './args';

const USAGE = 'usage: npm run schema [-- <out.json>]\n';

function main(argv: string[]): number {
  const positionals = positionalArgs(argv, 'schema', USAGE);
  if (typeof positionals === 'number') return positionals;
  if (positionals.length > 1) {
    process.stderr.write(`schema: one output file expected, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  const out = resolve(positionals[0] ?? 'public/schema/scenario.schema.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
