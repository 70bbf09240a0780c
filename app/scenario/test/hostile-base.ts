/**
 * The small valid scenario the hostile-input tests edit, and helpers that read its errors as
 * `line:column: path: message`. Only for tests.
 */
import { expect } from 'vitest';
import type { ScenarioError } from '../errors';
import { loadScenario, type LoadResult } from '../load';

/** A node `a` on segment lan with a veth to pod `b`, and a ping from b to a. */
export const BASE = `version: 1
metadata:
  title: hostile
segments:
  - name: lan
hosts:
  - name: a
    kind: node
    interfaces:
      - name: eth0
        type: ethernet
        segment: lan
        addresses: [10.0.0.1/24]
      - name: veth0
        type: veth
        peer: b/eth0
        addresses: [10.1.0.1/24]
  - name: b
    kind: pod
    node: a
    interfaces:
      - name: eth0
        type: veth
        addresses: [10.1.0.2/24]
flows:
  - name: ping
    from: b
    protocol: icmp
    dst: 10.1.0.1
`;

/** BASE with `from` replaced by `to` (exactly once). */
export function edit(from: string, to: string, text = BASE): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function errorsOf(r: LoadResult): ScenarioError[] {
  expect(r.ok, 'expected the scenario to be rejected').toBe(false);
  return r.ok ? [] : r.errors;
}

/** The errors of `text`, as `line:column: path: message` without the file name. */
export function errors(text: unknown): string[] {
  return errorsOf(loadScenario(text as string, 'h.yaml')).map((e) => `${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ''}${e.message}`);
}
