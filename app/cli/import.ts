/**
 * `npm run import -- node1.json node2.json [kubectl.json] [-o scenario.yaml] [--flow SPEC]…`:
 * imports captures made by public/capture.sh (one per node) into one scenario (docs/import.md),
 * with pods named from kubectl's output when given (a JSON file that is not a capture is read as
 * kubectl's output). `--flow NAME=HOST->DST:PORT/PROTO` (or `NAME=HOST->DST/icmp`) adds a flow to
 * trace. The scenario is checked by loading it, as the app does; what was left out is printed.
 * Exits 1 when a file cannot be read or the scenario does not load, 2 on bad usage.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { captureSchema, isCapture } from '../import/capture';
import { importCaptures, type CaptureFile } from '../import/import';
import { importedText } from '../import/text';
import { formatError, loadScenario } from '../scenario';
import type { FlowFile } from '../scenario/schema';
import { parseFlowSpec } from '../import/flow-spec';
import { readTextFile } from './read';

const USAGE = 'usage: npm run import -- <capture.json>... [kubectl.json] [-o scenario.yaml] [--title T] [--flow NAME=HOST->DST:PORT/PROTO]...\n';
const READ_LIMIT = 512 * 1024 * 1024;

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, title: { type: 'string' }, flow: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    process.stderr.write(`import: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!parsed.positionals.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  const flows: FlowFile[] = [];
  for (const spec of parsed.values.flow ?? []) {
    const f = parseFlowSpec(spec);
    if (typeof f === 'string') {
      process.stderr.write(`import: ${f}\n`);
      return 2;
    }
    flows.push(f);
  }
  const captures: CaptureFile[] = [];
  const kubectl: unknown[] = [];
  for (const file of parsed.positionals) {
    const r = readTextFile(file, READ_LIMIT);
    if (!r.ok) return fail(`${file}: ${r.message}`);
    let data: unknown;
    try {
      data = JSON.parse(r.text);
    } catch (e) {
      return fail(`${file}: not JSON (${(e as Error).message}); expected a capture from capture.sh or kubectl's -o json output`);
    }
    if (!isCapture(data)) {
      kubectl.push(data);
      continue;
    }
    const c = captureSchema.safeParse(data);
    if (!c.success)
      return fail(
        `${file}: not a capture this importer reads: ${c.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    captures.push({ file: basename(file), capture: c.data });
  }
  if (!captures.length) return fail('no capture among the files (capture.sh writes them)');
  const imported = importCaptures(captures, { kubectl, ...(parsed.values.title ? { title: parsed.values.title } : {}) });
  const scenario = flows.length ? { ...imported.scenario, flows } : imported.scenario;
  const text = importedText(
    { ...imported, scenario },
    captures.map((c) => c.file),
  );
  const loaded = loadScenario(text, parsed.values.out ?? 'imported.yaml', { maxBytes: Infinity });
  for (const l of imported.leftOut) process.stderr.write(`left out: ${l.where}: ${l.what}\n`);
  if (!loaded.ok) {
    for (const e of loaded.errors.slice(0, 20)) process.stderr.write(`${formatError(e)}\n`);
    return fail('the imported scenario does not load (errors above, positioned in its text)');
  }
  if (parsed.values.out) {
    writeFileSync(parsed.values.out, text);
    process.stderr.write(
      `${parsed.values.out}: ${Object.keys(loaded.scenario.world.netns).length} netns from ${captures.length} capture(s), ${flows.length} flows, ${imported.leftOut.length} left out\n`,
    );
  } else process.stdout.write(text);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`import: ${message}\n`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
