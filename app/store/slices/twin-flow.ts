/**
 * "Take this branch" on a flow whose other branch is written as a flow of its own: the same probe
 * (sender, addresses, ports, protocol, earlier flow) whose own `choices` are the flow's with the
 * branch taken. Showing that flow keeps the title and the narration true to the path on screen.
 */
import type { FlowFile } from '../../scenario/schema';

const PROBE_FIELDS = ['from', 'protocol', 'src', 'dst', 'sport', 'dport', 'size', 'icmpId', 'ttl', 'recverr', 'after'] as const;

const sameChoices = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
};

/**
 * The name of the flow of `flows` that is `current` with `overrides` on top of its own choices,
 * or undefined when none is.
 */
export function twinFlow(flows: readonly FlowFile[], current: string | null, overrides: Readonly<Record<string, number>>): string | undefined {
  const flow = flows.find((f) => f.name === current);
  if (!flow) return undefined;
  const wanted = { ...(flow.choices ?? {}), ...overrides };
  return flows.find((g) => g !== flow && PROBE_FIELDS.every((k) => g[k] === flow[k]) && sameChoices(g.choices ?? {}, wanted))?.name;
}
