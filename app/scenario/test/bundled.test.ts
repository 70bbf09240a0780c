/**
 * Every bundled scenario loads without errors, and every flow meets its `expect` block.
 */
import { englishOf } from '../../i18n/message-renderer';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine';
import { checkExpect, flowInput, formatError, loadScenario, placeCaptions } from '..';

const dir = resolve(__dirname, '../../../scenarios');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('bundled scenarios', () => {
  it('are present (the seven article scenarios at least)', () => {
    for (const f of ['docker-bridge-port-mapping', 'docker-network-modes', 'docker-cross-host-routing', 'canal-pod-to-pod', 'canal-nodeport', 'calico-ipip', 'k8s-clusterip-dns'])
      expect(files).toContain(`${f}.yaml`);
  });

  describe.each(files)('%s', (file) => {
    const text = readFileSync(resolve(dir, file), 'utf8');
    const r = loadScenario(text, `scenarios/${file}`);
    it('loads without errors', () => {
      expect(r.ok ? [] : r.errors.map(formatError)).toEqual([]);
    });
    if (!r.ok) return;
    it('has flows, each with an expect block', () => {
      expect(r.scenario.flows.length).toBeGreaterThan(0);
      for (const f of r.scenario.flows) expect(f.expect, f.name).toBeDefined();
    });
    it.each(r.scenario.flows.map((f) => [f.name, f] as const))('flow %s meets its expect', (_n, f) => {
      const t = simulate(r.scenario.world, flowInput(f, undefined, r.scenario.flows));
      expect(checkExpect(f, t, englishOf)).toEqual([]);
      // Every narration caption attaches to a step.
      expect(placeCaptions(t, f.narration).unplaced).toEqual([]);
      // Every step names its netns, stage, packet and explanation.
      for (const s of t.steps) {
        expect(s.netns).toBeTruthy();
        expect(englishOf(s.explain).length).toBeGreaterThan(10);
        expect(s.packet.ip.dst).toBeTruthy();
      }
    });
  });
});
