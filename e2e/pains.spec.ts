/**
 * The pains lessons in the browser (issue 12): the picker's topic groups and search, a lesson that
 * runs after an earlier connection (sessionAffinity), and a lesson's narration in 简体中文.
 */
import { bundledTrace, expect, momentUrl, openMoment, test } from './fixtures';

test('the picker groups scenarios by topic and the browser searches them', async ({ page }) => {
  await openMoment(page, 'canal-nodeport');
  const groups = await page
    .getByTestId('scenario-select')
    .locator('optgroup')
    .evaluateAll((els) => els.map((e) => e.getAttribute('label')));
  expect(groups).toEqual(['Docker', 'flannel', 'Calico', 'Services (kube-proxy)', 'Pains users hit', 'Linux routing and ICMP']);
  await page.getByText('Browse…').click();
  await page.getByTestId('browse-search').fill('hairpin');
  await expect(page.getByTestId('browse-group-pains').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('browse-group-docker')).toHaveCount(0);
  await page.screenshot({ path: 'e2e-output/screenshots/browse-search-hairpin.png' });
  await page.getByTestId('browse-search').fill('no such thing at all');
  await expect(page.getByTestId('scenario-browser')).toContainText('no such thing at all');
  await page.getByTestId('browse-search').fill('affinity');
  await page.getByTestId('browse-lesson-session-affinity').click();
  await expect(page.getByTestId('scenario-select')).toHaveValue('lesson-session-affinity');
});

test('a second connection starts where the first left off: same endpoint by sessionAffinity', async ({ page }) => {
  const trace = bundledTrace('lesson-session-affinity', 'second-connection');
  const rcheck = trace.steps.findIndex((s) => !!s.rule?.text.includes('--rcheck'));
  expect(rcheck).toBeGreaterThan(0);
  await openMoment(page, 'lesson-session-affinity', 'second-connection', rcheck);
  await expect(page.getByTestId('flow-after')).toContainText('Runs after first-connection');
  await expect(page.getByTestId('narration-caption')).toContainText('rcheck on web-2');
  await page.screenshot({ path: 'e2e-output/screenshots/session-affinity-rcheck.png' });
  await openMoment(page, 'lesson-session-affinity', 'second-connection', trace.outcome.request.step);
  await expect(page.getByTestId('outcome')).toContainText('web-2');
});

test('a pains lesson plays in 简体中文: the hairpin_mode off drop', async ({ page }) => {
  const trace = bundledTrace('lesson-hairpin-mode-off', 'pod-to-own-service');
  const drop = trace.steps.findIndex((s) => s.stage === 'drop');
  await page.goto(`${momentUrl('lesson-hairpin-mode-off', 'pod-to-own-service', drop)}&lang=zh`);
  await expect(page.getByTestId('narration-caption')).toContainText('martian source');
  await expect(page.getByTestId('narration-caption')).toContainText('hairpin-veth');
  await expect(page.getByTestId('tab-step')).toHaveText('步骤');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'e2e-output/screenshots/zh-hairpin-off.png' });
});

test('switching kube-proxy mode on a cluster lesson rebuilds it and re-traces the same flow', async ({ page }) => {
  const iptables = bundledTrace('lesson-localhost-nodeport', 'node-localhost-nodeport');
  await openMoment(page, 'lesson-localhost-nodeport', 'node-localhost-nodeport');
  await expect(page.getByTestId('step-counter')).toHaveText(`1 / ${iptables.steps.length}`);
  await expect(page.getByTestId('cluster-mode')).toHaveValue('iptables');
  await page.getByTestId('cluster-mode').selectOption('nftables');
  await expect(page.getByTestId('cluster-mode')).toHaveValue('nftables');
  await expect(page.getByTestId('scenario-select')).toContainText('(kube-proxy nftables)');
  await expect(page.getByTestId('flow-select')).toHaveValue('node-localhost-nodeport');
  await expect(page.getByTestId('step-counter')).not.toHaveText(`1 / ${iptables.steps.length}`);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('ECONNREFUSED');
  await page.screenshot({ path: 'e2e-output/screenshots/cluster-switch-nftables.png' });
  // A bundled scenario without a cluster file behind it has no switch.
  await openMoment(page, 'canal-nodeport');
  await expect(page.getByTestId('cluster-switch')).toHaveCount(0);
});

test('the matched rule says which object it exists for, and opens that object in the cluster file', async ({ page }) => {
  const trace = bundledTrace('lesson-external-traffic-policy', 'local-via-node-1');
  const drop = trace.steps.findIndex((s) => s.chain === 'KUBE-EXTERNAL-SERVICES' && s.verdict === 'DROP');
  expect(drop).toBeGreaterThan(0);
  await openMoment(page, 'lesson-external-traffic-policy', 'local-via-node-1', drop);
  const why = page.getByTestId('rule-because');
  await expect(why).toHaveAttribute('data-key', 'svcNoLocalEndpoints');
  await expect(why).toContainText('Service default/web-local:http has externalTrafficPolicy: Local and none of its endpoints runs on node-1');
  await page.getByTestId('rule-because-object').click();
  const manifest = page.getByTestId('rule-because-manifest');
  await expect(manifest).toContainText('name: web-local');
  await expect(manifest.locator('[data-marked]')).toHaveText([/externalTrafficPolicy: Local/]);
  await page.screenshot({ path: 'e2e-output/screenshots/rule-because-etp-local.png' });
  // A route the CNI wrote: which node's pods it reaches, and how.
  const viaVxlan = bundledTrace('lesson-external-traffic-policy', 'cluster-via-node-1').steps.findIndex((s) => s.route?.text === '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
  expect(viaVxlan).toBeGreaterThan(0);
  await openMoment(page, 'lesson-external-traffic-policy', 'cluster-via-node-1', viaVxlan);
  await expect(why).toContainText('Why this route exists');
  await expect(why).toContainText("flannel (VXLAN): node-2's pods, 10.244.2.0/24, are reached through flannel.1");
  await page.screenshot({ path: 'e2e-output/screenshots/route-because-vxlan.png' });
  // Each interface's tooltip says why it exists, too.
  await expect(page.locator('[data-port="node-1/flannel.1"] title')).toContainText("flannel's VXLAN device (VNI 1, UDP port 8472, 10.244.1.0/32)");
  await expect(page.locator('[data-port="node-2/eth0"] title')).toContainText("The node's NIC on the LAN");
  // Switching the language rewrites the tooltips in place (the drawing and its zoom stay).
  await page.getByTestId('lang-zh').click();
  await expect(page.locator('[data-port="node-1/flannel.1"] title')).toContainText('flannel 的 VXLAN 设备');
  await page.getByTestId('lang-en').click();
  // Hand-written scenarios have no builder behind their rules: nothing is claimed.
  const canal = bundledTrace('canal-nodeport');
  const rule = canal.steps.findIndex((s) => s.stage === 'rule' && !!s.rule);
  await openMoment(page, 'canal-nodeport', undefined, rule);
  await expect(page.getByTestId('step-explain')).toBeVisible();
  await expect(page.getByTestId('rule-because')).toHaveCount(0);
  // 简体中文: the same sentence, translated.
  await page.goto(`${momentUrl('lesson-external-traffic-policy', 'local-via-node-1', drop)}&lang=zh`);
  await expect(page.getByTestId('rule-because')).toContainText('externalTrafficPolicy 为 Local，而 node-1 上没有它的 endpoint');
});

test('kube-proxy IPVS mode from the picker: the persistent virtual service keeps the second connection on web-2, and says why', async ({ page }) => {
  await openMoment(page, 'lesson-session-affinity', 'second-connection');
  await page.getByTestId('cluster-mode').selectOption('ipvs');
  await expect(page.getByTestId('scenario-select')).toContainText('(kube-proxy ipvs)');
  await expect(page.getByTestId('flow-select')).toHaveValue('second-connection');
  // Step to IPVS's scheduling step: the timeline's step counter moves, the panel names the virtual service.
  const why = page.getByTestId('rule-because');
  for (let i = 0; i < 60; i++) {
    if ((await why.count()) > 0 && (await why.getAttribute('data-key')) === 'svcEndpoint') break;
    await page.keyboard.press('ArrowRight');
  }
  await expect(page.getByTestId('step-explain')).toContainText('persistent (-p 10800)');
  await expect(page.getByTestId('rule-because')).toContainText('Endpoint 10.244.2.2:8080 of Service default/web:http');
  await expect(page.getByTestId('rule-because')).toContainText('Why this IPVS entry exists');
  await page.screenshot({ path: 'e2e-output/screenshots/cluster-switch-ipvs-persistent.png' });
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('web-2');
});

test('a cluster file and the kubectl output its objectsFrom names, opened together', async ({ page }) => {
  const dir = 'app/cluster/testdata';
  await openMoment(page, 'canal-nodeport');
  // Alone, the cluster file says what it needs.
  await page.getByTestId('file-input').setInputFiles(`${dir}/cluster-objects-from.yaml`);
  await expect(page.getByText(/kubectl-get\.json: .*open both files together/)).toBeVisible();
  await expect(page.getByTestId('scenario-select')).toHaveValue('canal-nodeport');
  // With its kubectl output, it loads and plays.
  await page.getByTestId('file-input').setInputFiles([`${dir}/kubectl-get.json`, `${dir}/cluster-objects-from.yaml`]);
  await expect(page.getByTestId('scenario-select')).toContainText('From kubectl, by reference');
  await expect(page.getByTestId('flow-select')).toHaveValue('laptop-to-nodeport');
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('web-6d4cf56db6-7xk2p');
  // Rebuilding it in another kube-proxy mode reads the same kubectl output again.
  await page.getByTestId('cluster-mode').selectOption('nftables');
  await expect(page.getByTestId('scenario-select')).toContainText('(kube-proxy nftables)');
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('web-6d4cf56db6-7xk2p');
});
