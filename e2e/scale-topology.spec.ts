/**
 * The topology at cluster scale (issue 11): the generated 50-node / 600-pod Calico IPIP cluster,
 * opened from a file, shows each node's pods as a count box except the flow's two pods, which are
 * drawn with their node; the packet plays across the grid. Screenshots of the whole cluster (the
 * fitted view) and of the flow's source node zoomed in go to e2e-output/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { clusterTopology } from '../app/bench/cluster-topology';
import { expect, test } from './fixtures';

const CLUSTER = clusterTopology();

test("50 nodes and 600 pods: pods collapse into counts, the flow's pods stay drawn", async ({ page }, info) => {
  await page.goto('/?scenario=calico-ipip');
  await expect(page.getByTestId('busy')).toHaveCount(0);
  const path = info.outputPath('cluster-50x12.yaml');
  writeFileSync(path, CLUSTER.yaml);
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('flow-select')).toHaveValue(CLUSTER.flow, { timeout: 30_000 });
  await expect(page.getByTestId('busy')).toHaveCount(0);

  const svg = page.getByTestId('topology-svg');
  await expect(svg.locator('g.machine')).toHaveCount(CLUSTER.nodes);
  const counts = svg.getByTestId('collapsed-hosts');
  await expect(counts).toHaveCount(CLUSTER.nodes);
  await expect(counts.first()).toBeVisible();
  await expect(counts.first().locator('text')).toHaveText('12 pods');
  const hidden = await counts.evaluateAll((gs) => gs.reduce((s, g) => s + Number(g.getAttribute('data-count')), 0));
  expect(hidden).toBe(CLUSTER.pods - 2);
  for (const pod of [CLUSTER.source, CLUSTER.destination]) await expect(svg.locator(`g.netns[data-netns="${pod}"]`)).toBeVisible();
  await expect(svg.locator('g.netns')).toHaveCount(CLUSTER.nodes + 2);
  await expect(svg.locator(`g.collapsed[data-node="node-03"] text`)).toHaveText('11 pods');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'e2e-output/screenshots/scale-topology.png' });

  // The packet crosses the grid: step to the IPIP encapsulation, then to the destination pod.
  await page.getByTestId('step-last').click();
  await expect(page.getByTestId('outcome-request')).toContainText(`request delivered at ${CLUSTER.destination}/eth0`);
  await page.getByTestId('step-first').click();
  await expect(page.getByTestId('packet')).toBeVisible();

  // Zoomed in on the source node, the pods, the count box and the port labels read at 1280×720.
  const box = await svg.locator(`g.machine[data-node="node-03"] rect`).boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  for (let i = 0; i < 6; i++) {
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'e2e-output/screenshots/scale-topology-zoomed.png' });

  // In Chinese the count boxes say so.
  await page.getByTestId('lang-zh').click();
  await expect(svg.locator(`g.collapsed[data-node="node-01"] text`)).toHaveText('12 个 Pod');
});
