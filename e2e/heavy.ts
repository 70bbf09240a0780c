/**
 * Heavy inputs for the off-main-thread tests: a scenario whose host `a` has a user chain of
 * `rules` rules that do not match the flow (`-s 10.9.9.9 -j MARK --set-xmark 0x1/0x1`), jumped to
 * three times (twice from OUTPUT, once from INPUT for the reply), and an observer of long tasks.
 */
import type { Page } from '@playwright/test';

/** The heavy scenario's YAML (30,000 rules: about 1.6 MB). */
export function heavyScenario(rules = 30_000): string {
  const rule = '      -A BIG -s 10.9.9.9 -j MARK --set-xmark 0x1/0x1';
  return [
    'version: 1',
    'metadata:',
    `  title: Heavy chain (${rules} rules)`,
    'hosts:',
    '  - name: a',
    '    kind: node',
    '    interfaces:',
    '      - name: eth0',
    '        type: veth',
    '        addresses: [10.0.0.1/24]',
    '        peer: b/eth0',
    '    iptables: |',
    '      *filter',
    '      :INPUT ACCEPT [0:0]',
    '      :FORWARD ACCEPT [0:0]',
    '      :OUTPUT ACCEPT [0:0]',
    '      :BIG - [0:0]',
    '      -A INPUT -j BIG',
    '      -A OUTPUT -j BIG',
    '      -A OUTPUT -j BIG',
    ...Array.from({ length: rules }, () => rule),
    '      COMMIT',
    '  - name: b',
    '    kind: node',
    '    interfaces:',
    '      - name: eth0',
    '        type: veth',
    '        addresses: [10.0.0.2/24]',
    '        peer: a/eth0',
    'flows:',
    '  - name: heavy-ping',
    '    from: a',
    '    protocol: icmp',
    '    dst: 10.0.0.2',
    '',
  ].join('\n');
}

/** Installs (before any script of the page runs) an observer that records every long task. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Long tasks recorded so far (start and duration in ms, page time). */
export function longTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
}

/** The page's clock (performance.now()). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}
