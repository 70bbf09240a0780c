/**
 * Netfilter as the kernel builds it, in the browser: the Pipeline lists the hook functions of the
 * current hook in priority order (nft base chains beside iptables tables and the NAT core), the
 * chain view shows an nft chain as `nft list ruleset` prints it with the deciding set element, a
 * node mixing iptables and nftables shows which one dropped the packet, and rules the engine cannot
 * evaluate are listed in the header and stop the packet.
 */
import { bundledTrace, expect, openMoment, stepOf, test } from './fixtures';

const NFT = ['canal-nodeport-nftables', 'client-to-nodeport'] as const;

test('kube-proxy nftables: the vmap element that sent the packet, and the nft DNAT inside the NAT core', async ({ page }) => {
  const vmap = stepOf(...NFT, (s) => !!s.nft?.element && !!s.rule?.text.includes('vmap @service-nodeports'));
  await openMoment(page, ...NFT, vmap);
  const chain = page.getByTestId('chain-view');
  await expect(chain).toContainText('table ip kube-proxy');
  await expect(page.getByTestId('rule-matched')).toContainText('vmap @service-nodeports');
  await expect(page.getByTestId('nft-element')).toContainText('31266');
  await expect(page.getByTestId('step-stage')).toHaveText('nftables rule');
  // PREROUTING's functions in the kernel's order: conntrack −200, kube-proxy's filter chain −110, then the NAT core −100.
  const fns = page.getByTestId('hook-functions').locator('li');
  const texts = await fns.allInnerTexts();
  const at = (re: RegExp) => texts.findIndex((t) => re.test(t));
  expect(at(/^-200 conntrack/)).toBeGreaterThanOrEqual(0);
  expect(at(/^-110 nft ip kube-proxy filter-prerouting-pre-dnat/)).toBeGreaterThan(at(/^-200 conntrack/));
  expect(at(/^-100 NAT core: .*nft ip kube-proxy nat-prerouting/)).toBeGreaterThan(at(/^-110 /));
  await expect(page.getByTestId('hook-functions').locator('li[data-current]')).toContainText('NAT core');
  await page.screenshot({ path: 'e2e-output/screenshots/nft-vmap-element.png' });

  const dnat = stepOf(...NFT, (s) => !!s.nft && !!s.rule?.text.includes('dnat to 10.244.0.74:2368'));
  await openMoment(page, ...NFT, dnat);
  await expect(page.getByTestId('hdr-ip.dst')).toContainText('172.16.240.131 → 10.244.0.74');
  await expect(page.getByTestId('hdr-l4.dport')).toContainText('31266 → 2368');
});

test('kube-proxy nftables: numgen is a decision point; taking the other endpoint re-traces the flow', async ({ page }) => {
  const choice = stepOf(...NFT, (s) => !!s.alternatives?.length && !!s.nft);
  await openMoment(page, ...NFT, choice);
  await expect(page.getByTestId('rule-matched')).toContainText('numgen random mod 2');
  const other = bundledTrace(...NFT).alternatives.find((a) => !a.chosen)!;
  await expect(page.getByTestId('alternatives')).toContainText(other.label);
  await page.getByTestId(`take-branch-${other.option}`).click();
  await expect(page.getByTestId('busy')).toHaveCount(0);
  // That branch is the file's other flow: shown with its own title.
  await expect(page.getByTestId('flow-select')).toHaveValue('client-to-nodeport-other-endpoint');
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toContainText('ghost-ep1');
  // Back to the first endpoint: no flow pins it, so the choice goes into the URL. Its key names the
  // nft chain, slashes and all (kube-proxy's chain names contain them).
  await page.goto(page.url().replace(/step=\d+/, `step=${choice + 1}`));
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await page.getByTestId(`take-branch-${bundledTrace(...NFT).alternatives.find((a) => a.chosen)!.option}`).click();
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.getAll('choice').length).toBe(1);
  await expect.poll(() => new URL(page.url()).searchParams.getAll('choice')[0]).toMatch(/^centos7-1\/ip kube-proxy\/service-[^:]+:\d$/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toContainText('ghost-ep2');
});

test('iptables DROP and nftables accept on one hook: both run, in priority order, and the drop wins', async ({ page }) => {
  const flow = ['nft-iptables-mixed', 'client-ssh-server'] as const;
  const accept = stepOf(...flow, (s) => !!s.nft && s.hook === 'FORWARD' && s.verdict === 'ACCEPT');
  await openMoment(page, ...flow, accept);
  await expect(page.getByTestId('chain-view')).toContainText('table inet filter');
  await expect(page.getByTestId('chain-view')).toContainText('type filter hook forward priority filter; policy drop;');
  const fns = page.getByTestId('hook-functions').locator('li');
  await expect(fns.nth(0)).toContainText('nft inet filter forward');
  await expect(fns.nth(0)).toHaveAttribute('data-current', 'true');
  await expect(fns.nth(1)).toContainText('iptables filter');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('chain-view')).toContainText('*filter');
  await expect(page.getByTestId('rule-matched')).toContainText('--dport 22 -j DROP');
  await expect(fns.nth(1)).toHaveAttribute('data-current', 'true');
  await page.screenshot({ path: 'e2e-output/screenshots/nft-iptables-mixed-drop.png' });
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toContainText('dropped');
});

test('rules the engine cannot evaluate are listed in the header and stop the packet that reaches them', async ({ page }) => {
  await openMoment(page, 'nft-iptables-mixed');
  const yaml = `version: 1
metadata: { title: A router with a rate limit }
hosts:
  - name: a
    kind: external
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.1.2/24], peer: r/eth0 }
    routes: |
      default via 10.0.1.1 dev eth0
  - name: r
    kind: node
    sysctls: { net.ipv4.ip_forward: 1 }
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.1.1/24], peer: a/eth0 }
      - { name: eth1, type: veth, addresses: [10.0.2.1/24], peer: b/eth0 }
    iptables: |
      *filter
      :FORWARD ACCEPT [0:0]
      -A FORWARD -p tcp -m tcp --dport 22 -m limit --limit 3/min -j ACCEPT
      COMMIT
  - name: b
    kind: node
    interfaces:
      - { name: eth0, type: veth, addresses: [10.0.2.2/24], peer: r/eth1 }
    routes: |
      default via 10.0.2.1 dev eth0
flows:
  - { name: ssh, from: a, protocol: tcp, dst: 10.0.2.2, dport: 22 }
`;
  await page.getByTestId('file-input').setInputFiles({ name: 'limit.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
  const list = page.getByTestId('unevaluable');
  await expect(list).toContainText('1 rule the engine cannot evaluate');
  await list.locator('summary').click();
  await expect(page.getByTestId('unevaluable-item')).toContainText('r · filter FORWARD rule 1');
  await expect(page.getByTestId('unevaluable-item')).toContainText('-m limit --limit 3/min');
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toContainText('cannot evaluate "-m limit --limit 3/min" in filter FORWARD rule 1 (limit.yaml:19:7)');
});

test('kube-proxy IPVS: the virtual service is found at INPUT after filtering, the scheduler picks a real server', async ({ page }) => {
  const flow = ['canal-nodeport-ipvs', 'client-to-nodeport'] as const;
  const sched = stepOf(...flow, (s) => s.stage === 'ipvs' && !!s.alternatives?.length);
  await openMoment(page, ...flow, sched);
  await expect(page.getByTestId('step-stage')).toHaveText('IPVS');
  const fns = page.getByTestId('hook-functions').locator('li');
  const texts = await fns.allInnerTexts();
  // INPUT: iptables filter (0), IPVS's reply hook (98), IPVS's request hook (99), the NAT core (100), conntrack confirm last.
  expect(texts.findIndex((t) => /^0 iptables filter/.test(t))).toBeLessThan(texts.findIndex((t) => /^98 IPVS ip_vs_out_hook/.test(t)));
  expect(texts.findIndex((t) => /^98 IPVS/.test(t))).toBeLessThan(texts.findIndex((t) => /^99 IPVS ip_vs_in_hook/.test(t)));
  await expect(page.getByTestId('hook-functions').locator('li[data-current]')).toContainText('99 IPVS ip_vs_in_hook');
  const alts = page.getByTestId('alternatives');
  await expect(alts).toContainText('10.244.0.74:2368');
  await expect(alts).toContainText('10.244.1.5:2368');
  await page.screenshot({ path: 'e2e-output/screenshots/ipvs-schedule.png' });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('hdr-ip.dst')).toContainText('172.16.240.131 → 10.244.0.74');
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-reply')).toContainText('reply delivered at client/eth0');
});
