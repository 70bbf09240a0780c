/**
 * `npm run test:peer [-- --verbose]`: traces every flow of kube-proxy's own peer suites through
 * the engine: the iptables suite (../shared/peer-suites/kube-proxy, line `N passed, N failed`) and
 * the nftables suite (../shared/peer-suites/kube-proxy-nftables, line
 * `kube-proxy-nftables: N passed, N failed, N skipped`; IPv6 flows are skipped with the reason),
 * and compares PacketWalk's kube-proxy rule generator with kube-proxy's own test literals
 * (../shared/peer-suites/kube-proxy-gen, line `kube-proxy-gen: N passed, N failed, N skipped`).
 * Exits non-zero when a flow or case fails, or (under CI) when a suite is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runPeerFlow, type PeerCase } from '../harness/peer';
import { runNftPeerFlow, type NftPeerCase } from '../harness/peer-nft';
import { runGenCase, type GenCase } from '../harness/peer-gen';

let verbose = false;
try {
  verbose = parseArgs({ options: { verbose: { type: 'boolean' } } }).values.verbose ?? false;
} catch (e) {
  process.stderr.write(`test:peer: ${(e as Error).message}\nusage: npm run test:peer [-- --verbose]\n`);
  process.exit(2);
}

/** The suite's JSON case files, or undefined (with a message) when the suite is not there. */
function caseFiles(dir: string, label: string): string[] | undefined {
  if (!existsSync(dir)) {
    console.log(`${label}peer suite not found at ${dir}: skipped`);
    return undefined;
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

let missing = false;
let failedTotal = 0;

const dir = resolve(process.env.PEER_SUITE_DIR ?? '../shared/peer-suites/kube-proxy');
const files = caseFiles(dir, '');
if (files) {
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const c = JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as PeerCase;
    for (const flow of c.flows) {
      const r = runPeerFlow(c, flow);
      if (r.ok) passed++;
      else failed++;
      if (!r.ok || verbose)
        console.log(
          `${r.ok ? 'ok  ' : 'FAIL'} ${file} "${flow.name}" ${flow.sourceIP} → ${flow.destIP}:${flow.destPort}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.got)}${r.detail ? `\n${r.detail}` : ''}`,
        );
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  failedTotal += failed;
} else missing = true;

const nftDir = resolve(process.env.NFT_PEER_SUITE_DIR ?? '../shared/peer-suites/kube-proxy-nftables');
const nftFiles = caseFiles(nftDir, 'kube-proxy-nftables: ');
if (nftFiles) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of nftFiles) {
    const c = JSON.parse(readFileSync(resolve(nftDir, file), 'utf8')) as NftPeerCase;
    for (const flow of c.flows) {
      const r = runNftPeerFlow(c, flow);
      const tag = r.skipped ? 'skip' : r.ok ? 'ok  ' : 'FAIL';
      if (r.skipped) skipped++;
      else if (r.ok) passed++;
      else failed++;
      if (r.skipped ? verbose : !r.ok || verbose)
        console.log(
          `${tag} ${file} "${flow.name}" ${flow.sourceIP} → ${flow.destIP}:${flow.destPort}: ${r.skipped ? r.skipped : `expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.got)}`}${r.detail ? `\n${r.detail}` : ''}`,
        );
    }
  }
  console.log(`kube-proxy-nftables: ${passed} passed, ${failed} failed, ${skipped} skipped${skipped ? ' (IPv6: the engine models IPv4 only)' : ''}`);
  failedTotal += failed;
} else missing = true;

const genDir = resolve(process.env.GEN_PEER_SUITE_DIR ?? '../shared/peer-suites/kube-proxy-gen');
const genFiles = caseFiles(genDir, 'kube-proxy-gen: ')?.filter((f) => f !== 'chain-name-vectors.json');
if (genFiles) {
  const count = { passed: 0, failed: 0, skipped: 0 };
  const why = new Map<string, number>();
  for (const file of genFiles) {
    const r = runGenCase(JSON.parse(readFileSync(resolve(genDir, file), 'utf8')) as GenCase);
    if ('skipped' in r) {
      count.skipped++;
      why.set(r.skipped, (why.get(r.skipped) ?? 0) + 1);
      if (verbose) console.log(`skip ${file}: ${r.skipped}`);
    } else if (r.ok) {
      count.passed++;
      if (verbose) console.log(`ok   ${file}`);
    } else {
      count.failed++;
      console.log(`FAIL ${file}: ${r.detail}`);
    }
  }
  const reasons = [...why].map(([w, n]) => `${n}: ${w}`).join('; ');
  console.log(`kube-proxy-gen: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped${reasons ? ` (${reasons})` : ''}`);
  failedTotal += count.failed;
} else missing = true;

process.exit(failedTotal || (missing && process.env.CI) ? 1 : 0);
