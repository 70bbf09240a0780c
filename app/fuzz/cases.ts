/**
 * The fuzz target's case families and how many of each a run draws. Case `i` of a family under a
 * seed is always the same text ({@link makeCase}), so a failure is reproduced from its id alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iptablesCase } from './iptables';
import { mutate } from './mutate';
import { protoNameCase } from './names';
import type { FuzzCase } from './pool';
import { hashSeed, makeRng } from './rng';
import { topologyCase } from './topology';

/** The case families. */
export const FAMILIES = ['mutated', 'proto-names', 'iptables', 'topology'] as const;
/** One case family. */
export type Family = (typeof FAMILIES)[number];

/** Per-family case counts and size knobs of a run. */
export interface RunSizes {
  readonly counts: Readonly<Record<Family, number>>;
  /** Longest iptables chain drawn. */
  readonly longChain: number;
  /** Most paths through a loadable diamond of chains. */
  readonly diamondPaths: number;
}

/** What `npm test` runs: ≥ 2,000 cases, well under a minute on two cores. */
export const TEST_SIZES: RunSizes = { counts: { mutated: 1000, 'proto-names': 600, iptables: 100, topology: 400 }, longChain: 3000, diamondPaths: 3000 };

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIOS = resolve(here, '../../scenarios');
let bundled: { name: string; text: string }[] | undefined;

/** The bundled scenarios (`scenarios/*.yaml`), read once. */
export function bundledScenarios(): readonly { name: string; text: string }[] {
  bundled ??= readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(resolve(SCENARIOS, f), 'utf8') }));
  return bundled;
}

/** Case `index` of `family` under `seed`. */
export function makeCase(family: Family, seed: number, index: number, sizes: RunSizes = TEST_SIZES): FuzzCase {
  const r = makeRng(hashSeed(seed, family, index));
  const id = `${family}:${seed}:${index}`;
  if (family === 'mutated') {
    const base = bundledScenarios()[index % bundledScenarios().length];
    return { family, id, label: `mutated ${base.name}`, text: mutate(base.text, r), file: `scenarios/${base.name}` };
  }
  const c = family === 'proto-names' ? protoNameCase(r) : family === 'iptables' ? iptablesCase(r, { long: sizes.longChain, paths: sizes.diamondPaths }) : topologyCase(r);
  return { family, id, label: c.label, text: c.text, file: `${family}-${index}.yaml`, expect: c.expect };
}

/** Every case of a run: `counts[f]` cases of each family f. */
export function makeCases(seed: number, sizes: RunSizes = TEST_SIZES, families: readonly Family[] = FAMILIES): FuzzCase[] {
  return families.flatMap((f) => Array.from({ length: sizes.counts[f] }, (_, i) => makeCase(f, seed, i, sizes)));
}
