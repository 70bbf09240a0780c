/** The trace CLI on a scenario whose request is rejected: text shows the error and the errno, --format json passes the error through. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../engine';

const root = resolve(__dirname, '../..');
const run = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'app/cli/trace.ts', 'e2e/scenarios/service-reject.yaml', '--flow', 'pod-to-kube-dns-rejected', ...args], { cwd: root, encoding: 'utf8' });

describe('npm run trace on an ICMP error', () => {
  it('prints the error steps, the error outcome and what the application sees', () => {
    const out = run();
    expect(out).toMatch(/^ +\d+ err node1\/cni0 +nat .*quoting \[10\.244\.0\.5:40123 → 10\.96\.0\.10:53 udp\]/m);
    expect(out).toMatch(/^ {9}answers with ICMP port unreachable \(type 3 code 3\) to 10\.244\.0\.5$/m);
    expect(out).toContain('\nerror (ICMP port unreachable (type 3 code 3)): DELIVERED at netshoot/eth0: 10.96.0.10 → 10.244.0.5 icmp');
    expect(out).toContain('\napplication: the application sees: ECONNREFUSED ("Connection refused")\n');
  });
  it('passes the error direction and outcome through --format json', () => {
    const t = JSON.parse(run('--format', 'json')) as Trace;
    expect(t.outcome.error).toMatchObject({ result: 'delivered', netns: 'netshoot', errno: 'ECONNREFUSED' });
    expect(t.outcome.request).toMatchObject({ result: 'dropped', answer: { kind: 'icmp', type: 3, code: 3 } });
    const err = t.steps.filter((s) => s.direction === 'error');
    expect(err.length).toBeGreaterThan(5);
    expect(err.at(-1)!.packet.embedded).toMatchObject({ ip: { dst: '10.96.0.10' }, l4: { dport: 53 } });
  });
});

describe('npm run trace --explain on a cluster file', () => {
  it('says under each generated rule why it exists and which object it names', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'app/cli/trace.ts', 'scenarios/lesson-external-traffic-policy.yaml', '--flow', 'local-via-node-1', '--explain'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toMatch(
      /KUBE-EXTERNAL-SERVICES DROP .*\n.*matches: DROP\.\n {9}because: Service default\/web-local:http has externalTrafficPolicy: Local and none of its endpoints runs on node-1, so kube-proxy drops this traffic here\. \[Service default\/web-local\]\n/,
    );
    expect(out).toMatch(/^ {9}because: kube-proxy hooks its chains into the built-in ones on every node, whatever the Services\.$/m);
  });
});
