/**
 * Hostile input to the command-line tools (issue 8): reading is bounded in bytes whatever the path
 * is (a big file, /dev/zero, a pipe), bytes must be UTF-8, `trace` exits 1 after `EXPECT FAILED`
 * and 2 on a `--choice` the flow does not have.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkChoices, parseChoice } from '../../cli/choices';
import { readTextFile } from '../../cli/read';
import { decodeUtf8 } from '../utf8';
import type { Alternative } from '../../engine/trace';

const dir = mkdtempSync(join(tmpdir(), 'pw-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = resolve(__dirname, '../../..');

describe('readTextFile', () => {
  it('refuses a regular file over the limit from its size', () => {
    const f = join(dir, 'big.yaml');
    writeFileSync(f, 'a'.repeat(11));
    expect(readTextFile(f, 10)).toEqual({ ok: false, message: 'file is larger than 10 bytes (11 bytes)' });
    expect(readTextFile(f, 11)).toEqual({ ok: true, text: 'a'.repeat(11) });
  });

  it('counts bytes, not characters', () => {
    const f = join(dir, 'euro.yaml');
    writeFileSync(f, '€€€€');
    expect(readTextFile(f, 11)).toEqual({ ok: false, message: 'file is larger than 11 bytes (12 bytes)' });
  });

  it('stops reading /dev/zero one byte past the limit', () => {
    const t = Date.now();
    expect(readTextFile('/dev/zero', 1000)).toEqual({ ok: false, message: 'file is larger than 1000 bytes (a character device: refused after reading 1000 bytes)' });
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it('reads a FIFO nobody writes to as empty instead of waiting', () => {
    const fifo = join(dir, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    expect(readTextFile(fifo, 1000)).toEqual({ ok: true, text: '' });
  });

  it('refuses a directory and a missing file with a reason', () => {
    expect(readTextFile(dir)).toEqual({ ok: false, message: 'cannot read: it is a directory' });
    const r = readTextFile(join(dir, 'nope.yaml'));
    expect(r.ok === false && r.message).toMatch(/^cannot read: ENOENT/);
  });
});

describe('decodeUtf8', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  const text = (s: string) => [...new TextEncoder().encode(s)];

  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, ...text('a: é')))).toEqual({ ok: true, text: 'a: é' });
  });

  it.each([
    ['a Latin-1 é', [...text('a: 1\nb: caf'), 0xe9, ...text('\n')], 2, 7, 0xe9, 11],
    ['an overlong slash', [...text('x: '), 0xc0, 0xaf], 1, 4, 0xc0, 3],
    ['an encoded surrogate', [...text('€x'), 0xed, 0xa0, 0x80], 1, 3, 0xed, 4],
    ['a truncated sequence at the end', [...text('ab'), 0xe2, 0x82], 1, 3, 0xe2, 2],
    ['a stray continuation byte after CR-only lines', [...text('a\rb\r'), 0x80], 3, 1, 0x80, 4],
  ])('refuses %s with its line and column', (_what, b, line, column, byte, offset) => {
    expect(decodeUtf8(bytes(...b))).toEqual({ ok: false, line, column, message: `not UTF-8 text (byte 0x${byte.toString(16)} at offset ${offset}): save the file as UTF-8` });
  });
});

describe('--choice', () => {
  const alt = (choice: string, option: number): Alternative => ({ choice, option, label: '', probability: 0.5, chosen: option === 1 });
  const alternatives = [alt('n1/nat/KUBE-SVC-X', 1), alt('n1/nat/KUBE-SVC-X', 2)];

  it('parses netns/table/chain=N and refuses anything else', () => {
    expect(parseChoice('n1/nat/KUBE-SVC-X=2')).toEqual({ ok: true, key: 'n1/nat/KUBE-SVC-X', option: 2 });
    // nft numgen chains (kube-proxy's names contain "/") and IPVS services.
    expect(parseChoice('n1/ip kube-proxy/service-X-ns1/svc1/tcp/p80=2')).toEqual({ ok: true, key: 'n1/ip kube-proxy/service-X-ns1/svc1/tcp/p80', option: 2 });
    expect(parseChoice('n1/ipvs/TCP 10.96.0.1:443=1')).toEqual({ ok: true, key: 'n1/ipvs/TCP 10.96.0.1:443', option: 1 });
    for (const bad of ['n1/nat/KUBE-SVC-X', 'n1/nat/KUBE-SVC-X=0', 'n1/nat/KUBE-SVC-X=-1', 'n1/KUBE-SVC-X=1', 'x=1', 'n1/nat/C=1e3', 'n1/ip6 t/c=1'])
      expect(parseChoice(bad)).toEqual({
        ok: false,
        message: `--choice "${bad}": expected netns/table/chain=N, netns/FAMILY TABLE/chain=N (nft numgen) or netns/ipvs/PROTO VIP:PORT=N (N the option taken, from 1)`,
      });
  });

  it('accepts a decision the trace met with one of its rule numbers', () => {
    expect(checkChoices({ 'n1/nat/KUBE-SVC-X': 2 }, alternatives, 'f')).toEqual([]);
  });

  it('refuses a key the flow never decides, a prototype name included, and a rule number it does not offer', () => {
    expect(checkChoices({ 'constructor/nat/X': 1, 'n1/nat/KUBE-SVC-X': 3 }, alternatives, 'f')).toEqual([
      '--choice constructor/nat/X: not a random decision of flow "f" (its decisions: n1/nat/KUBE-SVC-X)',
      '--choice n1/nat/KUBE-SVC-X=3: no such alternative (rule numbers: 1, 2)',
    ]);
    expect(checkChoices({ 'a/nat/B': 1 }, [], 'g')).toEqual(['--choice a/nat/B: not a random decision of flow "g" (it meets no random decision)']);
  });
});

describe('the CLIs end with the right status', () => {
  const tsx = join(root, 'node_modules/.bin/tsx');
  const run = (script: string, ...args: string[]) => spawnSync(tsx, [join(root, 'app/cli', script), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const canal = join(root, 'scenarios/canal-nodeport.yaml');

  it('validate /dev/zero fails at once, saying why', () => {
    const r = run('validate.ts', '/dev/zero');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('/dev/zero: file is larger than 64000000 bytes (a character device: refused after reading 64000000 bytes)\n');
  }, 60_000);

  it('trace exits 1 after EXPECT FAILED and 2 on an unknown --choice', () => {
    const failing = join(dir, 'failing.yaml');
    const text = readFileSync(canal, 'utf8');
    const line = 'delivered: { host: ghost-ep2, interface: eth0, src: 10.244.1.0, sport: 40123, dst: 10.244.0.74, dport: 2368 }';
    expect(text.split(line)).toHaveLength(2);
    writeFileSync(failing, text.replace(line, line.replace('dport: 2368', 'dport: 2369')));
    const r = run('trace.ts', failing, '--flow', 'client-to-nodeport');
    expect(r.stdout).toContain('EXPECT FAILED: request: expected destination port 2369, got 2368\n');
    expect(r.status).toBe(1);
    const c = run('trace.ts', canal, '--flow', 'client-to-nodeport', '--choice', 'centos7-1/nat/KUBE-SVC-NOPE=1');
    expect(c.stderr).toBe('trace: --choice centos7-1/nat/KUBE-SVC-NOPE: not a random decision of flow "client-to-nodeport" (its decisions: centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY)\n');
    expect(c.status).toBe(2);
    const u = run('trace.ts', canal, '--flow', 'client-to-nodeport', '--bogus');
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/^trace: Unknown option '--bogus'/);
  }, 120_000);
});
