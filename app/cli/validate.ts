/** `npm run validate -- <file> [...]`: prints OK or every positioned error; exits 1 on errors. */
import { readScenario } from './read';

const files = process.argv.slice(2);
if (!files.length) {
  process.stderr.write('usage: npm run validate -- <scenario.yaml> [more.yaml ...]\n');
  process.exit(2);
}
let failed = 0;
for (const f of files) {
  const s = readScenario(f);
  if (s) process.stdout.write(`${f}: OK (${Object.keys(s.world.netns).length} netns, ${s.flows.length} flows)\n`);
  else failed++;
}
process.exit(failed ? 1 : 0);
