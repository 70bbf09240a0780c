/**
 * `objectsFrom:`: a cluster file that reads kubectl's output from a file beside it, as the CLIs do;
 * errors inside that file name it and its own line; where no file can be read (the app), the
 * field is refused with what to do instead.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, loadScenario } from '../scenario';

const dir = resolve(__dirname, 'testdata');
const cluster = readFileSync(resolve(dir, 'cluster-objects-from.yaml'), 'utf8');
const json = readFileSync(resolve(dir, 'kubectl-get.json'), 'utf8');

describe('objectsFrom', () => {
  it('builds from the referenced file as from pasted objects', () => {
    const r = loadScenario(cluster, 'c.yaml', { readFile: (n) => (n === 'kubectl-get.json' ? { text: json } : { error: 'no such file' }) });
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    expect(Object.keys(r.scenario.world.netns)).toContain('web-6d4cf56db6-7xk2p');
    expect(r.scenario.raw.hosts.find((h) => h.name === 'k8s-master')?.interfaces?.[0]).toMatchObject({ addresses: ['192.168.56.10/24'] });
  });

  it("npm run trace reads it beside the cluster file and meets the flow's expect", () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'app/cli/trace.ts', 'app/cluster/testdata/cluster-objects-from.yaml', '--flow', 'laptop-to-nodeport'], {
      cwd: resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(out).toMatch(/^request: DELIVERED at web-6d4cf56db6-7xk2p\/eth0: 10\.244\.0\.0:40123 → 10\.244\.1\.2:80/m);
  });

  it('an error inside the referenced file names that file and its line', () => {
    const bad = json.replace('"type": "NodePort"', '"type": "Nodeport"');
    const line = bad.split('\n').findIndex((l) => l.includes('"Nodeport"')) + 1;
    const r = loadScenario(cluster, 'c.yaml', { readFile: () => ({ text: bad }) });
    // The Service is refused in its own file; the flow that names it then has no Service to go to.
    expect(r.ok ? [] : r.errors.map(formatError)).toEqual([
      expect.stringMatching(new RegExp(`^kubectl-get\\.json:${line}:\\d+: items\\[\\d+\\]\\.spec\\.type: `)),
      expect.stringMatching(/^c\.yaml:17:\d+: flows\[0\]\.to: no Service default\/web/),
    ]);
  });

  it('a missing file, and no file reader at all, are errors at the field', () => {
    const missing = loadScenario(cluster, 'c.yaml', { readFile: () => ({ error: 'cannot read: ENOENT' }) });
    expect(missing.ok ? [] : missing.errors.map(formatError)).toEqual([expect.stringMatching(/^c\.yaml:13:\d+: objectsFrom\[0\]: kubectl-get\.json: cannot read: ENOENT$/)]);
    const app = loadScenario(cluster, 'c.yaml');
    expect(app.ok ? [] : app.errors.map(formatError)).toEqual([expect.stringMatching(/objectsFrom\[0\]: kubectl-get\.json: .*paste that file's objects under objects: instead/)]);
  });
});
