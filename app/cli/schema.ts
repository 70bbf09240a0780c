/**
 * `npm run schema [-- <out.json>]`: writes the JSON Schema of the scenario format to
 * public/schema/scenario.schema.json (or the given path) and, without a path, the cluster file's
 * to public/schema/cluster.schema.json and the format's property names to app/embed/format-keys.json
 * (what the embed redacts field paths with).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { clusterJsonSchema } from '../cluster/json-schema';
import { scenarioJsonSchema } from '../scenario/json-schema';
import { formatKeysOf } from '../scenario/format-keys';
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
  const schema = scenarioJsonSchema();
  writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
  if (positionals.length === 0) {
    const cluster = resolve('public/schema/cluster.schema.json');
    writeFileSync(cluster, `${JSON.stringify(clusterJsonSchema(), null, 2)}\n`);
    process.stdout.write(`wrote ${cluster}\n`);
    const keys = resolve('app/embed/format-keys.json');
    writeFileSync(keys, `${JSON.stringify(formatKeysOf(schema))}\n`);
    process.stdout.write(`wrote ${keys}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
