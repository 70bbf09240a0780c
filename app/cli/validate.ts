/** `npm run validate -- <file> [...]`: prints OK or every positioned error; exits 1 on errors, 2 on bad usage. */
import { parseArgs } from 'node:util';
import { readScenario } from './read';

const USAGE = 'usage: npm run validate -- <scenario.yaml> [more.yaml ...]\n';

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
    process.stderr.write(`validate: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!positionals.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  let failed = 0;
  for (const f of positionals) {
    const s = readScenario(f);
    if (s) process.stdout.write(`${f}: OK (${Object.keys(s.world.netns).length} netns, ${s.flows.length} flows)\n`);
    else failed++;
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
