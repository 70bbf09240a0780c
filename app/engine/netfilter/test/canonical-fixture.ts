/**
 * Regenerates `canonical-kernel-lines.json`, the kernel-printed lines the canonical renderer is held
 * to when the tests cannot run iptables: `sudo npx tsx app/engine/netfilter/test/canonical-fixture.ts`.
 * Each rule text appears once per table kind (the first table that holds it).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectCorpus } from './canonical-corpus';
import { canMeasure, measureKernel } from './canonical-kernel';

if (!canMeasure()) {
  process.stderr.write('canonical-fixture: needs root, ip and iptables\n');
  process.exit(2);
}
const seen = new Set<string>();
const tables = measureKernel(collectCorpus())
  .map((t) => ({
    ...t,
    rules: t.rules.filter((r) => {
      const key = `${t.table} ${r.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  }))
  .filter((t) => t.rules.length > 0)
  // Only the chains the kept rules live in or jump to (and the built-in ones) are declared.
  .map((t) => {
    const used = new Set(t.rules.flatMap((r) => [r.chain, ...[...r.text.matchAll(/ -[jg] (\S+)/g)].map((m) => m[1])]));
    return { ...t, chains: t.chains.filter((c) => c.policy !== undefined || used.has(c.name)) };
  });
const out = resolve(dirname(fileURLToPath(import.meta.url)), 'canonical-kernel-lines.json');
const fixture = {
  iptables: spawnSync('iptables-save', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  kernel: spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim(),
  tables,
};
// One table per line: small, and a re-measurement shows as a readable diff.
const body = fixture.tables.map((t) => JSON.stringify(t)).join(',\n');
writeFileSync(out, `{"iptables":${JSON.stringify(fixture.iptables)},"kernel":${JSON.stringify(fixture.kernel)},"tables":[\n${body}\n]}\n`);
process.stdout.write(`wrote ${out}: ${tables.reduce((n, t) => n + t.rules.length, 0)} rules in ${tables.length} tables\n`);
