/**
 * The network of a generated world (gen.ts): 2–5 namespaces joined in a tree by veth pairs or by a
 * bridge `br0` in the parent, addresses, and routes toward every subnet over the tree (sometimes a
 * default route instead), with one route left out (mostly a router's or the server's, so the
 * kernel answers "net unreachable"; sometimes the client's own) and one route turned into type
 * unreachable or prohibit (the kernel answers host unreachable / administratively prohibited, and
 * a local sender gets EHOSTUNREACH / EACCES: fib_props in net/ipv4/fib_semantics.c).
 */
import type { Genome } from './gen-types';

/** The service address a DNAT rule may translate (no interface has it). */
export const VIP = '10.96.0.10';
/** The element at `i` modulo the list's length. */
export const pick = <T>(xs: readonly T[], i: number): T => xs[Math.abs(i) % xs.length];

/** A netns's address on a LAN. */
export interface Member {
  readonly ns: number;
  readonly ifname: string;
  readonly addr: string;
}
/** A LAN: its subnet and members. */
export interface Lan {
  readonly subnet: string;
  readonly members: Member[];
}

/** An interface as the scenario format takes it. */
export interface GenIface {
  name: string;
  type: string;
  addresses?: string[];
  peer?: string;
  ports?: string[];
}

/** The network of a world: namespaces, their interfaces, LANs and routes. */
export interface Topology {
  readonly n: number;
  readonly names: readonly string[];
  readonly parent: (i: number) => number;
  readonly ifaces: GenIface[][];
  readonly lans: Lan[];
  readonly routes: string[][];
}

/** Builds the network of genome `g`. */
export function buildTopology(g: Genome): Topology {
  const n = Math.max(2, Math.min(5, g.n));
  const names = Array.from({ length: n }, (_, i) => `n${i}`);
  const parent = (i: number) => (i === 0 ? -1 : g.parents[i - 1] % i);
  const ifaces: GenIface[][] = names.map(() => []);
  const lans: Lan[] = [];
  const bridgeLan: (Lan | undefined)[] = [];
  for (let c = 1; c < n; c++) {
    const p = parent(c);
    if (g.bridged[c - 1]) {
      let lan = bridgeLan[p];
      if (!lan) {
        lan = { subnet: `10.${100 + p}.0.0/24`, members: [{ ns: p, ifname: 'br0', addr: `10.${100 + p}.0.1` }] };
        bridgeLan[p] = lan;
        lans.push(lan);
        ifaces[p].push({ name: 'br0', type: 'bridge', addresses: [`10.${100 + p}.0.1/24`], ports: [] });
      }
      const port = `vb${c}`;
      ifaces[p].find((x) => x.name === 'br0')!.ports!.push(port);
      ifaces[p].push({ name: port, type: 'veth', peer: `n${c}/up0` });
      const addr = `10.${100 + p}.0.${10 + c}`;
      ifaces[c].push({ name: 'up0', type: 'veth', addresses: [`${addr}/24`], peer: `n${p}/${port}` });
      lan.members.push({ ns: c, ifname: 'up0', addr });
    } else {
      const lan: Lan = {
        subnet: `10.${c}.0.0/24`,
        members: [
          { ns: p, ifname: `d${c}`, addr: `10.${c}.0.1` },
          { ns: c, ifname: 'up0', addr: `10.${c}.0.2` },
        ],
      };
      lans.push(lan);
      ifaces[p].push({ name: `d${c}`, type: 'veth', addresses: [`10.${c}.0.1/24`], peer: `n${c}/up0` });
      ifaces[c].push({ name: 'up0', type: 'veth', addresses: [`10.${c}.0.2/24`], peer: `n${p}/d${c}` });
    }
  }

  // Routing over the tree: next hop toward every subnet a netns is not on.
  const adj = (x: number) => lans.filter((l) => l.members.some((m) => m.ns === x));
  const firstHop = (from: number): Map<number, { via: Member; dev: string; lan: Lan }> => {
    const hop = new Map<number, { via: Member; dev: string; lan: Lan }>();
    const queue = [from];
    const seen = new Set([from]);
    while (queue.length) {
      const x = queue.shift()!;
      for (const l of adj(x))
        for (const m of l.members) {
          if (seen.has(m.ns)) continue;
          seen.add(m.ns);
          queue.push(m.ns);
          if (x === from) hop.set(m.ns, { via: m, dev: l.members.find((k) => k.ns === from)!.ifname, lan: l });
          else hop.set(m.ns, hop.get(x)!);
        }
    }
    return hop;
  };
  const routes: string[][] = names.map(() => []);
  names.forEach((_, x) => {
    const hop = firstHop(x);
    const p = parent(x);
    const useDefault = p >= 0 && g.defaultRoute[x];
    const viaParent = useDefault ? [...hop.values()].find((h) => h.via.ns === p || (h.lan.members.some((m) => m.ns === p) && h.via.ns === p)) : undefined;
    if (useDefault && viaParent) routes[x].push(`default via ${viaParent.via.addr} dev ${viaParent.dev}`);
    for (const l of lans) {
      if (l.members.some((m) => m.ns === x)) continue;
      const target = l.members.map((m) => hop.get(m.ns)).find(Boolean);
      if (!target) continue;
      if (useDefault && viaParent && target.via.ns === p) continue;
      routes[x].push(`${l.subnet} via ${target.via.addr} dev ${target.dev}`);
    }
  });
  if (g.dropRoute !== null) {
    // Mostly a router's or the server's route (the kernel answers net unreachable to the sender),
    // sometimes the client's own (its send fails at once).
    const client = g.flow.from % n;
    const any = routes.flatMap((r, x) => r.map((_, i) => [x, i] as const));
    const remote = any.filter(([x]) => x !== client);
    const all = g.dropRoute % 3 && remote.length ? remote : any;
    if (all.length) {
      const [x, i] = pick(all, g.dropRoute);
      routes[x].splice(i, 1);
    }
  }

  // A route of type unreachable or prohibit (fib_props: the kernel answers host unreachable or
  // communication administratively prohibited, and a local sender gets EHOSTUNREACH or EACCES).
  if (g.badRoute) {
    const x = g.badRoute.where % n;
    const type = g.badRoute.type % 2 ? 'prohibit' : 'unreachable';
    const others = lans.filter((l) => !l.members.some((m) => m.ns === x)).map((l) => l.subnet);
    if (routes[x].length) {
      const i = g.badRoute.route % routes[x].length;
      const prefix = routes[x][i].split(' ')[0];
      routes[x][i] = `${type} ${prefix}`;
    } else routes[x].push(`${type} ${others.length ? pick(others, g.badRoute.route) : `${VIP}/32`}`);
  }
  return { n, names, parent, ifaces, lans, routes };
}
