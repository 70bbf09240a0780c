/**
 * Hostile input in the browser (issue 8): a file that is not UTF-8, a VXLAN device routing into
 * itself, a chain table nested past the kernel's limit, a ruleset that reaches an engine limit, and
 * an iframe embed pointed at a same-origin file that is not a scenario while a host page on another
 * origin listens: the host learns a code and a position, never the file's content.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, openMoment, test } from './fixtures';

const APP = 'http://localhost:4173';
const hostileFile = (name: string) => readFileSync(fileURLToPath(new URL(`../app/engine/test/hostile/${name}`, import.meta.url)));

test('a file that is not UTF-8 is refused at the bad byte, and the scenario stays', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  const bytes = Buffer.concat([Buffer.from('version: 1\nmetadata:\n  title: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  await page.getByTestId('file-input').setInputFiles({ name: 'latin1.yaml', mimeType: 'text/yaml', buffer: bytes });
  const item = page.getByTestId('error-item').first();
  await expect(item).toContainText('latin1.yaml:3:13');
  await expect(item).toContainText('not UTF-8 text (byte 0xe9');
  await expect(page.getByTestId('scenario-select')).toHaveValue('calico-ipip');
});

test('a VXLAN device whose underlay route leads back into itself: the frame is dropped (circular route), the page stays responsive', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  await page.getByTestId('file-input').setInputFiles({ name: 'vxlan-circular-route.yaml', mimeType: 'text/yaml', buffer: hostileFile('vxlan-circular-route.yaml') });
  await expect(page.getByTestId('flow-select')).toHaveValue('f');
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toHaveAttribute('data-result', 'dropped');
  await expect(page.getByTestId('outcome-request')).toContainText('circular route');
});

test('chains nested 16 calls deep are refused at the rule the kernel refuses', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  const decl = Array.from({ length: 16 }, (_, i) => `      :C${i + 1} - [0:0]`);
  const rules = ['      -A INPUT -j C1', ...Array.from({ length: 15 }, (_, i) => `      -A C${i + 1} -j C${i + 2}`)];
  const text = [
    'version: 1',
    'metadata:',
    '  title: deep',
    'hosts:',
    '  - name: a',
    '    kind: node',
    '    iptables: |',
    '      *filter',
    '      :INPUT ACCEPT [0:0]',
    ...decl,
    ...rules,
    '      COMMIT',
    '',
  ].join('\n');
  const line = text.split('\n').indexOf('      -A C15 -j C16') + 1;
  await page.getByTestId('file-input').setInputFiles({ name: 'deep.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  const item = page.getByTestId('error-item').first();
  await expect(item).toContainText(`deep.yaml:${line}:17`);
  await expect(item).toContainText('RULE_APPEND failed (Too many links)');
  await expect(page.getByTestId('scenario-select')).toHaveValue('calico-ipip');
});

test('a flow that reaches an engine limit says PacketWalk stopped, not that the kernel dropped it', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  const marks = Array.from({ length: 6000 }, () => '      -A LONG -j MARK --set-xmark 0x1/0x1');
  const text = [
    'version: 1',
    'metadata:',
    '  title: many marks',
    'hosts:',
    '  - name: a',
    '    kind: node',
    '    interfaces:',
    '      - { name: eth0, type: veth, addresses: [10.0.0.2/24], peer: b/eth0 }',
    '  - name: b',
    '    kind: node',
    '    interfaces:',
    '      - { name: eth0, type: veth, addresses: [10.0.0.1/24], peer: a/eth0 }',
    '    iptables: |',
    '      *filter',
    '      :INPUT ACCEPT [0:0]',
    '      :LONG - [0:0]',
    '      -A INPUT -j LONG',
    '      -A INPUT -j LONG',
    ...marks,
    '      COMMIT',
    'flows:',
    '  - { name: marks, from: a, protocol: icmp, dst: 10.0.0.1 }',
    '',
  ].join('\n');
  await page.getByTestId('file-input').setInputFiles({ name: 'marks.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  // 12,000 rules and a 10,000-step trace: the worker takes a few seconds on a busy machine.
  await expect(page.getByTestId('flow-select')).toHaveValue('marks', { timeout: 30_000 });
  await expect(page.getByTestId('busy')).toHaveCount(0, { timeout: 30_000 });
  await page.keyboard.press('End');
  const outcome = page.getByTestId('outcome-request');
  await expect(outcome).toHaveAttribute('data-result', 'engine-limit');
  await expect(outcome).toContainText('This is a limit of PacketWalk, not of the kernel.');
  await expect(page.getByTestId('step-stage')).toHaveText('engine limit');
});

let host: Server;
let HOST = '';
test.beforeAll(async () => {
  host = createServer((req, res) => {
    const embeds = ['/packet-walk.js', '/schema/scenario.schema.json'].map(
      (src, i) => `<iframe id="f${i}" src="${APP}/embed.html?src=${encodeURIComponent(src)}&amp;origin=${encodeURIComponent(HOST)}"></iframe>`,
    );
    const page = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script>
      window.received = [];
      window.addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));
    </script>${embeds.join('')}</body></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((ok) => host.listen(0, '127.0.0.1', ok));
  HOST = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
test.afterAll(async () => new Promise((ok) => host.close(ok)));

test('an embed pointed at a same-origin file that is not a scenario tells a host on another origin only a code', async ({ page }) => {
  await page.goto(`${HOST}/`);
  type Received = { origin: string; data: { type: string; errors?: Record<string, unknown>[] } };
  const errors = async () => (await page.evaluate(() => (window as unknown as { received: Received[] }).received)).filter((m) => m.data.type === 'packetwalk:error');
  await expect.poll(async () => (await errors()).length, { timeout: 20_000 }).toBe(2);
  for (const m of await errors()) {
    expect(m.origin).toBe(APP);
    for (const e of m.data.errors ?? []) {
      expect(Object.keys(e).sort()).toEqual(['code', 'column', 'file', 'line', 'path']);
      expect(e.code).toBe('not-a-scenario');
    }
    const raw = JSON.stringify(m.data);
    // Nothing of the files: neither the script's code nor the JSON Schema's keys.
    expect(raw).not.toMatch(/function|customElements|\$schema|properties/);
  }
  // Inside the embed (same origin as the file) the reader still sees why.
  await expect(page.frameLocator('#f0').getByTestId('embed-errors')).toContainText('the URL does not serve a scenario file');
});
