/**
 * For tests (Node only): the `iptables:` text of every host of every bundled scenario
 * (`scenarios/*.yaml`, hand-written or expanded), the corpus the iptables parser's differential
 * tests run on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const SCENARIOS = resolve(__dirname, '../../../../scenarios');

/** Every `iptables:` string value of every bundled scenario file, file by file in name order. */
export function bundledIptablesDumps(): string[] {
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'iptables' && typeof x === 'string') texts.push(x);
        else walk(x);
      }
  };
  for (const f of readdirSync(SCENARIOS)
    .filter((x) => x.endsWith('.yaml'))
    .sort())
    walk(parseYaml(readFileSync(resolve(SCENARIOS, f), 'utf8')));
  return texts;
}
