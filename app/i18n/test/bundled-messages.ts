/**
 * Every engine message the bundled scenarios and the kernel harness's cases produce: each flow
 * traced as the app traces it (in Node, through the same store), and every step's explanation and
 * simplification, every outcome's reason and every alternative's reason collected with where it
 * came from. The i18n tests check these render completely in every language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMessage, simulate, type Message, type Trace } from '../../engine';
import { flowInput, loadScenario } from '../../scenario';
import { createPacketWalkStore } from '../../store';
import { readBundledFromDisk } from '../../store/disk-fixtures';
import { createInProcessBridge } from '../../store/in-process-bridge';

/** One message and where it was found (`scenario/flow step 12 explain`). */
export interface FoundMessage {
  readonly where: string;
  readonly message: Message;
}

/** The messages of one trace, nested ones included. */
export function messagesOfTrace(t: Trace, where: string): FoundMessage[] {
  const out: FoundMessage[] = [];
  const add = (m: Message | undefined, what: string) => {
    if (!m) return;
    out.push({ where: `${where} ${what}`, message: m });
    for (const v of Object.values(m.params ?? {})) if (isMessage(v)) add(v, `${what} (nested)`);
  };
  for (const s of t.steps) {
    add(s.explain, `step ${s.index} explain`);
    add(s.simplification, `step ${s.index} simplification`);
    for (const a of s.alternatives ?? []) add(a.reason, `step ${s.index} alternative ${a.option}`);
  }
  for (const [dir, o] of Object.entries(t.outcome)) if (o && typeof o === 'object' && 'reason' in o) add(o.reason, `${dir} outcome`);
  for (const a of t.alternatives) add(a.reason, `alternative ${a.choice}=${a.option}`);
  return out;
}

const CASES = resolve(import.meta.dirname, '../../harness/kernel/cases');

/** The messages of every flow of every bundled scenario and every harness case. */
export function bundledMessages(): FoundMessage[] {
  const out: FoundMessage[] = [];
  const store = createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
  for (const c of store.getState().catalog) {
    for (const f of c.flows) {
      store.getState().loadBundledScenario(c.id);
      store.getState().selectFlow(f.name);
      out.push(...messagesOfTrace(store.getState().trace!, `${c.id}/${f.name}`));
    }
  }
  for (const file of readdirSync(CASES).filter((x) => x.endsWith('.yaml'))) {
    const r = loadScenario(readFileSync(resolve(CASES, file), 'utf8'), file);
    if (!r.ok) continue;
    for (const f of r.scenario.flows) out.push(...messagesOfTrace(simulate(r.scenario.world, flowInput(f, undefined, r.scenario.flows)), `cases/${file}/${f.name}`));
  }
  return out;
}
