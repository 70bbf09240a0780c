/**
 * `npm run trace -- <scenario.yaml> --flow <name> [--format json|text] [--explain] [--choice key=n]`
 * prints a flow's Trace; `--list` prints the flow names, one per line.
 */
import { simulate } from '../engine';
import { formatTraceText } from '../engine/format-text';
import { checkExpect, flowInput } from '../scenario';
import { readScenario } from './read';

function usage(): never {
  process.stderr.write('usage: npm run trace -- <scenario.yaml> (--list | --flow <name> [--format json|text] [--explain] [--choice netns/table/chain=N])\n');
  process.exit(2);
}

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && !['--flow', '--format', '--choice'].includes(args[i - 1] ?? ''));
if (!file) usage();
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const scenario = readScenario(file);
if (!scenario) process.exit(1);
if (args.includes('--list')) {
  for (const f of scenario.flows) process.stdout.write(`${f.name}\n`);
  process.exit(0);
}
const name = opt('--flow');
if (!name) usage();
const flow = scenario.flows.find((f) => f.name === name);
if (!flow) {
  process.stderr.write(`${file}: no flow named "${name}" (flows: ${scenario.flows.map((f) => f.name).join(', ')})\n`);
  process.exit(1);
}
const overrides: Record<string, number> = {};
args.forEach((a, i) => {
  if (a === '--choice') {
    const [k, v] = (args[i + 1] ?? '').split('=');
    if (!k || !/^\d+$/.test(v ?? '')) usage();
    overrides[k] = Number(v);
  }
});
const trace = simulate(scenario.world, flowInput(flow, overrides));
const format = opt('--format') ?? 'text';
if (format === 'json') process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
else if (format === 'text') {
  process.stdout.write(`${formatTraceText(trace, args.includes('--explain'))}\n`);
  const problems = Object.keys(overrides).length ? [] : checkExpect(flow, trace);
  for (const p of problems) process.stdout.write(`EXPECT FAILED: ${p}\n`);
} else usage();
