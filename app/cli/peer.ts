/**
 * `npm run test:peer [-- --verbose]`: traces every flow of kube-proxy's own peer suite
 * (../shared/peer-suites/kube-proxy) through the engine and prints `N passed, N failed`.
 * Exits non-zero when a case fails or the suite is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runPeerFlow, type PeerCase } from '../harness/peer';

let verbose = false;
try {
  verbose = parseArgs({ options: { verbose: { type: 'boolean' } } }).values.verbose ?? false;
} catch (e) {
  process.stderr.write(`test:peer: ${(e as Error).message}\nusage: npm run test:peer [-- --verbose]\n`);
  process.exit(2);
}
const dir = resolve(process.env.PEER_SUITE_DIR ?? '../shared/peer-suites/kube-proxy');
if (!existsSync(dir)) {
  console.log(`peer suite not found at ${dir}: skipped`);
  process.exit(process.env.CI ? 1 : 0);
}
let passed = 0;
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const c = JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as PeerCase;
  for (const flow of c.flows) {
    const r = runPeerFlow(c, flow);
    if (r.ok) passed++;
    else failed++;
    if (!r.ok || verbose)
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${file} "${flow.name}" ${flow.sourceIP} → ${flow.destIP}:${flow.destPort}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.got)}${r.detail ? `\n${r.detail}` : ''}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
