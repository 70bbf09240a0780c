/**
 * `npm run schema [-- <out.json>]`: writes the JSON Schema of the scenario format to
 * public/schema/scenario.schema.json (or the given path).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scenarioJsonSchema } from '../scenario/json-schema';

const USAGE = 'usage: npm run schema [-- <out.json>]\n';

function main(argv: string[]): number {
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (parsed.values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    positionals = parsed.positionals;
  } catch (e) {
    process.stderr.write(`schema: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
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
