/**
 * Why the rule at the current step exists, for a scenario built from a cluster file: the Because the
 * builder recorded (app/cluster/because.ts) and the manifest of the object it names, as lines of
 * the cluster file with the field it reads marked. Null for hand-written scenarios and for steps
 * that are not a rule decision.
 */
import { becauseField, becauseOfStep, type Because } from '../../cluster/because';
import type { TraceStep } from '../../engine';
import type { ClusterSource, LoadedScenario } from '../../scenario/load';
import type { PacketWalkState } from '../types';
import { memoByObject, memoByPair } from './memo';

/** One line of an object's manifest, as written in the cluster file. */
export interface ManifestLine {
  /** 1-based line in the cluster file. */
  readonly line: number;
  /** The text with the manifest's common indentation removed. */
  readonly text: string;
  /** The line names the field the rule exists for. */
  readonly marked: boolean;
}

/** What the step panel shows under "Why this rule exists". */
export interface RuleBecause {
  readonly because: Because;
  /** What the Because is about: a rule (or nftables element), an IPVS line, a route, a neighbour or an FDB entry. */
  readonly about: 'rule' | 'ipvs' | 'route' | 'neigh' | 'fdb';
  /** The cluster file's name, and the object's lines in it (absent when it has no object or the builder derived it). */
  readonly file: string;
  readonly manifest?: { readonly from: number; readonly to: number; readonly lines: readonly ManifestLine[] };
}

function manifest(cluster: ClusterSource, b: Because): RuleBecause['manifest'] {
  const o = b.object;
  const at = o && cluster.objects[`${o.kind}/${o.namespace}/${o.name}`];
  if (!at) return undefined;
  const raw = cluster.text.split('\n').slice(at.from - 1, at.to);
  const indent = Math.min(...raw.filter((l) => l.trim()).map((l) => /^[\s-]*/.exec(l)![0].length));
  const field = becauseField(b);
  const pattern = field ? new RegExp(`\\b${field}\\b`) : undefined;
  return {
    ...at,
    lines: raw.map((text, i) => ({ line: at.from + i, text: /^[\s-]*$/.test(text.slice(0, indent)) ? text.slice(indent) : text.trimStart(), marked: pattern?.test(text) ?? false })),
  };
}

const build = memoByPair((step: TraceStep, scenario: LoadedScenario): RuleBecause | null => {
  const cluster = scenario.cluster;
  const because = cluster && becauseOfStep(step, cluster.provenance);
  if (!because) return null;
  const m = manifest(cluster, because);
  const about = step.stage === 'ipvs' || step.stage === 'route' || step.stage === 'neigh' || step.stage === 'fdb' ? step.stage : 'rule';
  return { because, about, file: scenario.file, ...(m ? { manifest: m } : {}) };
});

/** The current step's RuleBecause, or null (the same object while the step and scenario stay). */
export function selectRuleBecause(s: PacketWalkState): RuleBecause | null {
  const step = s.trace?.steps[s.step];
  return step && s.scenario?.cluster ? build(step, s.scenario) : null;
}

const interfaces = memoByObject((scenario: LoadedScenario): ReadonlyMap<string, Because> => {
  const out = new Map<string, Because>();
  for (const [key, b] of Object.entries(scenario.cluster?.provenance ?? {})) {
    const [netns, kind, , name] = key.split('|');
    if (kind === 'iface') out.set(`${netns}/${name}`, b);
  }
  return out;
});

const NO_INTERFACES: ReadonlyMap<string, Because> = new Map();

/** Why each interface of a cluster file's hosts exists, by port id (`netns/ifname`); empty for other scenarios. */
export const selectInterfaceBecause = (s: PacketWalkState): ReadonlyMap<string, Because> => (s.scenario?.cluster ? interfaces(s.scenario) : NO_INTERFACES);
