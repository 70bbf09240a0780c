/**
 * Test helpers: build small worlds from inline YAML through the real scenario loader, and trace
 * their flows. Only for tests.
 *
 * The YAML may be indented as a whole (it is dedented), and may omit the top-level `version` and
 * `metadata` keys (they are added when absent).
 */
import { simulate } from '../sim/simulate';
import type { Trace, TraceStep } from '../trace';
import type { World } from '../world';
import { formatError } from '../../scenario/errors';
import { flowInput } from '../../scenario/flows';
import { loadScenario, type LoadedScenario } from '../../scenario/load';

/** Removes the common leading indentation of the non-blank lines and a leading blank line. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** The YAML as the loader gets it: dedented, with `version` and `metadata` filled in when absent. */
export function scenarioText(yaml: string): string {
  const body = dedent(yaml);
  return /^version:/m.test(body) ? body : `version: 1\nmetadata:\n  title: test world\n${body}`;
}

/** Loads a scenario; throws with every formatted error when it does not load. */
export function load(yaml: string, file = 'test.yaml'): LoadedScenario {
  const r = loadScenario(scenarioText(yaml), file);
  if (!r.ok) throw new Error(`scenario does not load:\n${r.errors.map(formatError).join('\n')}`);
  return r.scenario;
}

/** The World of a scenario given as YAML; throws with formatted errors when it does not load. */
export function world(yaml: string): World {
  return load(yaml).world;
}

/** Simulates the flow `flowName` of the YAML scenario, with optional `choices` overrides. */
export function trace(yaml: string, flowName: string, overrides?: Readonly<Record<string, number>>): Trace {
  const s = load(yaml);
  const f = s.flows.find((x) => x.name === flowName);
  if (!f) throw new Error(`no flow "${flowName}" (flows: ${s.flows.map((x) => x.name).join(', ')})`);
  return simulate(s.world, flowInput(f, overrides));
}

/** Steps of one direction, optionally only those in one netns. */
export function stepsOf(t: Trace, direction: 'request' | 'reply', netns?: string): TraceStep[] {
  return t.steps.filter((s) => s.direction === direction && (netns === undefined || s.netns === netns));
}

/** The first step matching `pred`; throws (with a short dump of the trace) when none does. */
export function findStep(t: Trace, pred: (s: TraceStep) => boolean, what = 'step'): TraceStep {
  const s = t.steps.find(pred);
  if (!s) throw new Error(`no ${what} in trace:\n${dump(t)}`);
  return s;
}

/** One line per step, for failure messages. */
export function dump(t: Trace): string {
  return t.steps
    .map(
      (s) =>
        `${s.index} ${s.direction} ${s.netns}/${s.interface ?? ''} ${s.stage} ${s.table ?? ''} ${s.chain ?? ''} ${s.verdict ?? ''} ${s.route?.text ?? s.neigh?.text ?? s.fdb?.text ?? ''} | ${s.packet.ip.src}:${s.packet.l4.sport ?? ''} > ${s.packet.ip.dst}:${s.packet.l4.dport ?? ''} ttl ${s.packet.ip.ttl}`,
    )
    .join('\n');
}
