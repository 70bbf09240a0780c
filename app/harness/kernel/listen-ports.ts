/**
 * The listening sockets the kernel harness opens per netns for a flow: the scenario's `listeners`,
 * else the flow's port and every constant DNAT port (iptables `--to-destination A:P`, nft
 * `dnat to A:P` / `redirect to :P`) so a connection that reaches a netns finds a socket.
 */
import type { World } from '../../engine/world';

/** The listening sockets to open per logical netns for a flow (every port when the scenario gives none). */
export function listenPorts(world: World, flow: { protocol: string; dport?: number }): Record<string, { tcp: number[]; udp: number[] }> {
  const out: Record<string, { tcp: number[]; udp: number[] }> = {};
  const anyPorts = new Set<number>();
  if (flow.dport !== undefined) anyPorts.add(flow.dport);
  for (const ns of Object.values(world.netns))
    for (const t of Object.values(ns.ruleset.tables))
      for (const c of Object.values(t?.chains ?? {})) for (const r of c.rules) if (r.target.kind === 'DNAT' && r.target.toPorts) anyPorts.add(r.target.toPorts.from);
  // nft `dnat to ADDR:PORT` / `redirect to :PORT` (nft(8) NAT STATEMENTS) with a constant port.
  for (const ns of Object.values(world.netns))
    for (const t of ns.nftables?.tables ?? [])
      for (const c of Object.values(t.chains))
        for (const r of c.rules)
          for (const st of r.stmts)
            if (st.kind === 'nat' && (st.type === 'dnat' || st.type === 'redirect') && st.port?.kind === 'value' && /^\d+$/.test(st.port.text)) anyPorts.add(Number(st.port.text));
  for (const ns of Object.values(world.netns)) {
    const l = { tcp: [] as number[], udp: [] as number[] };
    if (ns.listeners) {
      for (const x of ns.listeners) if (x.protocol === 'tcp' || x.protocol === 'udp') l[x.protocol].push(x.port);
    } else if (flow.protocol === 'tcp' || flow.protocol === 'udp') l[flow.protocol].push(...anyPorts);
    if (l.tcp.length || l.udp.length) out[ns.name] = l;
  }
  return out;
}
