/**
 * `npm run trace -- <scenario.yaml> --flow <name> [--format json|text] [--explain] [--lang en|zh-CN] [--choice key=n]`
 * prints a flow's Trace (text: ./trace-text.ts, with the error sent back about a dropped request and
 * with `--explain` on a cluster file why each generated rule exists (./because-text.ts), the sentences
 * in English or, with `--lang zh-CN`, in 简体中文;
 * what the application sees; json: the Trace as is); `--list` prints the flow names, one per line. Exits 0 when the trace was
 * printed and met the flow's `expect` (text format), 1 when the scenario does not load, the flow is
 * unknown or an expectation failed (`EXPECT FAILED` lines), 2 for bad usage, including a `--choice`
 * that is not a random decision of the flow or an alternative it does not have.
 */
import { languageFromTag } from '../i18n/languages';
import { englishOf, messageRenderer } from '../i18n/message-renderer';
import { parseArgs } from 'node:util';
import { simulate } from '../engine';
import { checkExpect, flowInput } from '../scenario';
import { checkChoices, parseChoice } from './choices';
import { readScenario } from './read';
import { formatTrace } from './trace-text';
import { becauseLine } from './because-text';

const USAGE = 'usage: npm run trace -- <scenario.yaml> (--list | --flow <name> [--format json|text] [--explain] [--lang en|zh-CN] [--choice netns/table/chain=N ...])\n';

/** Prints `message` (if any) and the usage line; the exit code for bad usage. */
function usage(message?: string): number {
  process.stderr.write(`${message ? `trace: ${message}\n` : ''}${USAGE}`);
  return 2;
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        list: { type: 'boolean' },
        flow: { type: 'string' },
        format: { type: 'string', default: 'text' },
        explain: { type: 'boolean' },
        lang: { type: 'string', default: 'en' },
        choice: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) return usage(positionals.length ? `one scenario file expected, got ${positionals.length}` : 'no scenario file given');
  const format = values.format;
  if (format !== 'text' && format !== 'json') return usage(`--format must be text or json, not "${format}"`);
  if (!/^(en|zh)\b/i.test(values.lang)) return usage(`--lang must be en or zh-CN, not "${values.lang}"`);
  const lang = languageFromTag(values.lang);
  const overrides: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const c of values.choice ?? []) {
    const p = parseChoice(c);
    if (!p.ok) return usage(p.message);
    overrides[p.key] = p.option;
  }
  const file = positionals[0];
  const scenario = readScenario(file);
  if (!scenario) return 1;
  if (values.list) {
    for (const f of scenario.flows) process.stdout.write(`${f.name}\n`);
    return 0;
  }
  if (!values.flow) return usage('--flow <name> or --list is required');
  const flow = scenario.flows.find((f) => f.name === values.flow);
  if (!flow) {
    process.stderr.write(`${file}: no flow named "${values.flow}" (flows: ${scenario.flows.map((f) => f.name).join(', ')})\n`);
    return 1;
  }
  const trace = simulate(scenario.world, flowInput(flow, overrides, scenario.flows));
  const bad = checkChoices(overrides, trace.alternatives, flow.name);
  if (bad.length) {
    for (const m of bad) process.stderr.write(`trace: ${m}\n`);
    return 2;
  }
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
    return 0;
  }
  const provenance = scenario.cluster?.provenance;
  process.stdout.write(`${formatTrace(trace, values.explain ?? false, provenance && ((s) => becauseLine(s, provenance, lang)), messageRenderer(lang))}\n`);
  const problems = Object.keys(overrides).length ? [] : checkExpect(flow, trace, englishOf);
  for (const p of problems) process.stdout.write(`EXPECT FAILED: ${p}\n`);
  return problems.length ? 1 : 0;
}

// exitCode, not exit(): a large trace piped to another program is written out in full first.
process.exitCode = main(process.argv.slice(2));
