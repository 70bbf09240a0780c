/**
 * `npm run cluster -- cluster.yaml [-o scenario.yaml]`: expands a cluster file (`kind: Cluster`,
 * docs/cluster-format.md) into the scenario it stands for and writes it (to stdout without `-o`).
 * `--json a.yaml b.yaml …` writes one JSON object, file → expansion (the build expands every
 * bundled cluster file with one process).
 * The expansion is checked by loading it, as the app does. Exits 1 on errors (printed with their
 * positions in the cluster file), 2 on bad usage.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LoadedScenario } from '../scenario';
import { readScenario } from './read';

const USAGE = 'usage: npm run cluster -- <cluster.yaml> [-o scenario.yaml]\n       npm run cluster -- --json <cluster.yaml>...\n';

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    process.stderr.write(`cluster: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.values.json && !parsed.values.out && parsed.positionals.length) return expandAll(parsed.positionals);
  if (parsed.positionals.length !== 1 || parsed.values.json) {
    process.stderr.write(USAGE);
    return 2;
  }
  const s = expanded(parsed.positionals[0]);
  if (!s) return 1;
  if (parsed.values.out) {
    writeFileSync(parsed.values.out, s.expandedText);
    process.stderr.write(`${parsed.values.out}: ${Object.keys(s.world.netns).length} netns, ${s.flows.length} flows\n`);
  } else process.stdout.write(s.expandedText);
  return 0;
}

/** The loaded cluster file with its expansion, or undefined after printing why it has none. */
function expanded(file: string): (LoadedScenario & { readonly expandedText: string }) | undefined {
  const s = readScenario(file);
  if (!s) return undefined;
  if (s.expandedText !== undefined) return { ...s, expandedText: s.expandedText };
  process.stderr.write(`${file}: not a cluster file (expected kind: Cluster); it is already a scenario\n`);
  return undefined;
}

/** `--json`: every file's expansion in one JSON object; 1 when any file does not expand. */
function expandAll(files: readonly string[]): number {
  const out: Record<string, string> = {};
  for (const file of files) {
    const s = expanded(file);
    if (!s) return 1;
    out[file] = s.expandedText;
  }
  process.stdout.write(JSON.stringify(out));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
