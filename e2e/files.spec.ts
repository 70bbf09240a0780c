/** Opening scenario files: an invalid file shows positioned errors and keeps the scenario; a valid one loads. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readBundledFromDisk } from '../app/store/disk-fixtures';
import { bundledTrace, expect, openMoment, test } from './fixtures';

/** Steps of canal-nodeport's first flow. */
const CANAL_N = bundledTrace('canal-nodeport', 'client-to-nodeport').steps.length;

const BROKEN = [
  'version: 1',
  'metadata:',
  '  title: Broken <img src=x onerror=alert(1)>',
  'hosts:',
  '  - name: a',
  '    kind: node',
  '    interfaces:',
  '      - name: eth0',
  '        type: ethernet',
  '        segment: lan',
  '        mtu: big',
  '',
].join('\n');

test('an invalid file shows its errors with line numbers and the scenario stays', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', 5);
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from(BROKEN) });
  const errors = page.getByTestId('error-list');
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('broken.yaml:11:');
  await expect(errors).toContainText('hosts[0].interfaces[0].mtu');
  await expect(errors).toContainText('canal-nodeport'.length ? 'Still showing' : '');
  await expect(page.getByTestId('scenario-select')).toHaveValue('canal-nodeport');
  await expect(page.getByTestId('step-counter')).toHaveText(`6 / ${CANAL_N}`);
  await expect(page.locator('[data-netns="centos7-1"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dismiss errors' }).click();
  await expect(errors).toHaveCount(0);
});

test('a YAML syntax error points at its line', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  await page.getByTestId('file-input').setInputFiles({ name: 'syntax.yaml', mimeType: 'text/yaml', buffer: Buffer.from('version: 1\nmetadata: [\n') });
  await expect(page.getByTestId('error-item').first()).toContainText(/syntax\.yaml:\d+:\d+/);
  await expect(page.getByTestId('scenario-select')).toHaveValue('calico-ipip');
  // A slip of indentation: one error, its line shown with a caret under the spot (no cascade).
  await page.getByTestId('file-input').setInputFiles({ name: 'slip.yaml', mimeType: 'text/yaml', buffer: Buffer.from('version: 1\nmetadata:\n  title: x\n description: y\nhosts: []\n') });
  await expect(page.getByTestId('error-item')).toHaveCount(1);
  await expect(page.getByTestId('error-item')).toContainText('slip.yaml:4:1');
  await expect(page.getByTestId('error-excerpt')).toHaveText(' description: y\n^');
});

test('a valid file loads, scenario text stays text', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  const text = readFileSync(fileURLToPath(new URL('../scenarios/docker-cross-host-fixed.yaml', import.meta.url)), 'utf8').replace(
    /title: Cross-host containers[^\n]*/,
    'title: "<b>My</b> copy <script>window.__pwned = 1</script>"',
  );
  await page.getByTestId('file-input').setInputFiles({ name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  await expect(page.getByTestId('scenario-select')).toContainText('<b>My</b> copy');
  await expect(page.locator('b', { hasText: 'My' })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('flow-select')).toHaveValue('ctr2-ping-ctr111');
  await expect(page).not.toHaveURL(/scenario=/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-reply')).toContainText('reply delivered at ctr2/eth0');
});

test('dropping a file on the page opens it', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  const text = readFileSync(fileURLToPath(new URL('../scenarios/k8s-clusterip-dns.yaml', import.meta.url)), 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.yaml', { type: 'text/yaml' }));
    return d;
  }, text);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect(page.getByTestId('flow-select')).toHaveValue('pod-to-kube-dns');
});

test('the scenario and flow pickers switch scenario and flow', async ({ page }) => {
  await openMoment(page, 'canal-nodeport');
  await page.getByTestId('scenario-select').selectOption('docker-bridge-port-mapping');
  await expect(page).toHaveURL(/scenario=docker-bridge-port-mapping/);
  await expect(page.getByTestId('scenario-info')).toContainText('Source:');
  await page.getByTestId('flow-select').selectOption('container-to-container');
  await expect(page).toHaveURL(/flow=container-to-container/);
  await expect(page.getByTestId('step-counter')).toHaveText(/^1 \/ /);
});

test('the browser lists every bundled scenario with description and source, and opens one', async ({ page }) => {
  await openMoment(page, 'canal-nodeport');
  await page.getByText('Browse…').click();
  const item = page.getByTestId('browse-calico-ipip');
  await expect(item).toBeVisible();
  await expect(item).toContainText('source:');
  await expect(page.getByTestId('scenario-browser').locator('li')).toHaveCount(readBundledFromDisk().length);
  await item.click();
  await expect(page.getByTestId('scenario-select')).toHaveValue('calico-ipip');
  await expect(item).toBeHidden();
});

test('a cluster file opens as the scenario it expands to, and its errors point into the cluster file', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  const text = readFileSync(fileURLToPath(new URL('../app/cluster/testdata/calico-service.yaml', import.meta.url)), 'utf8');
  const broken = text.replace('nodeName: node-2', 'nodeName: node-9');
  await page.getByTestId('file-input').setInputFiles({ name: 'my-cluster.yaml', mimeType: 'text/yaml', buffer: Buffer.from(broken) });
  await expect(page.getByTestId('error-list')).toContainText('my-cluster.yaml:35:7');
  await expect(page.getByTestId('error-list')).toContainText('objects[2].spec.nodeName: no node named node-9');
  await expect(page.getByTestId('scenario-select')).toHaveValue('calico-ipip');
  await page.getByRole('button', { name: 'Dismiss errors' }).click();
  await page.getByTestId('file-input').setInputFiles({ name: 'my-cluster.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  await expect(page.getByTestId('scenario-select')).toContainText('Calico IPIP — a pod calls a Service');
  await expect(page.locator('[data-netns="web-2"]')).toHaveCount(1);
  await page.getByTestId('flow-select').selectOption('pod-to-service-other-node');
  await page.getByTestId('flow-select').blur();
  // The worker traces the flow it was given; End goes to that trace's last step once it is shown.
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toContainText('web-2');
  await expect(page.getByTestId('outcome-reply')).toContainText('reply delivered at client/eth0');
});

test('a scenario opened from a file survives a reload, at its flow and step; picking a bundled one forgets it', async ({ page }) => {
  await openMoment(page, 'calico-ipip');
  const text = readFileSync(fileURLToPath(new URL('../scenarios/docker-cross-host-fixed.yaml', import.meta.url)), 'utf8').replace(/title: Cross-host containers[^\n]*/, 'title: My own copy');
  await page.getByTestId('file-input').setInputFiles({ name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  await expect(page.getByTestId('scenario-select')).toContainText('My own copy');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const counter = page.getByTestId('step-counter');
  await expect(counter).toHaveText(/^3 \//);
  await page.waitForTimeout(600);
  await page.goto('/');
  await expect(page.getByTestId('scenario-select')).toContainText('My own copy');
  await expect(counter).toHaveText(/^3 \//);
  // A bundled scenario replaces it, and a reload shows what the URL names.
  await page.getByTestId('scenario-select').selectOption('calico-ipip');
  await expect(page).toHaveURL(/scenario=calico-ipip/);
  await page.waitForTimeout(300);
  await page.goto('/');
  await expect(page.getByTestId('scenario-select')).not.toContainText('My own copy');
});
