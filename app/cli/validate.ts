/** `npm run validate -- <file> [...]`: prints OK or every positioned error; exits 1 on errors, 2 on bad usage. */
import { readScenario } from './read';
import { positionalArgs } from './args';

const USAGE = 'usage: npm run validate -- <scenario.yaml> [more.yaml ...]\n';

function main(argv: string[]): number {
  const positionals = positionalArgs(argv, 'validate', USAGE);
  if (typeof positionals === 'number') return positionals;
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
