/**
 * The hosts outside the cluster: clients and routers. A client sits on the cluster LAN, or in one
 * of a router's other networks behind it. A router is a Linux host that forwards
 * (net.ipv4.ip_forward=1, Documentation/networking/ip-sysctl.rst) with eth0 on the LAN and one
 * device per other network; each such network is a segment the clients and routers on it share.
 */
import { inCidr, networkCidr } from '../engine/addr/ipv4';
import { provenanceKey, type Because } from './because';
import { lanRoute, macFor, type ClusterNode, type GeneratedHost, type ObjectIssue } from './model';
import type { ClusterClient, ClusterRouter } from './schema';

/** A network behind a router: its prefix and the segment its devices share. */
export interface RouterNetwork {
  /** `a.b.c.d/len`, the network address. */
  readonly cidr: string;
  /** The segment name, from the prefix (`net-203.0.113.0_24`). */
  readonly segment: string;
  /** The router that reaches it, and its address there. */
  readonly router: string;
  readonly via: string;
}

/** What the outside hosts are built from. */
export interface OutsideContext {
  /** The cluster LAN, `a.b.c.d/len`, and its segment. */
  readonly lan: string;
  readonly segment: string;
  /** The nodes' and LAN clients' default gateway. */
  readonly gateway: string;
  /** Service load-balancer and external IPs, delivered to `vipNode`. */
  readonly vips: readonly string[];
  readonly vipNode: ClusterNode;
}

const ipOf = (cidr: string) => cidr.split('/')[0];
const connected = (net: string, dev: string, ip: string) => `${net} dev ${dev} proto kernel scope link src ${ip}`;

/** The networks behind `routers` (the first router on a network reaches it). */
export function routerNetworks(routers: readonly ClusterRouter[]): RouterNetwork[] {
  const out: RouterNetwork[] = [];
  for (const r of routers)
    for (const a of r.addresses.slice(1)) {
      const cidr = networkCidr(a);
      if (!out.some((n) => n.cidr === cidr)) out.push({ cidr, segment: `net-${cidr.replace('/', '_')}`, router: r.name, via: ipOf(a) });
    }
  return out;
}

/** The default gateway: `network.gateway`, else the first router's LAN address, else the LAN's first address. */
export const defaultGateway = (given: string | undefined, routers: readonly ClusterRouter[] | undefined, lanFirst: string): string =>
  given ?? (routers?.length ? ipOf(routers[0].addresses[0]) : lanFirst);

/** Problems with `routers` and `clients` (each at its path in the cluster file). */
export function outsideIssues(routers: readonly ClusterRouter[], clients: readonly ClusterClient[], x: Pick<OutsideContext, 'lan' | 'gateway'>): ObjectIssue[] {
  const issues: ObjectIssue[] = [];
  const nets = routerNetworks(routers);
  routers.forEach((r, i) => {
    if (networkCidr(r.addresses[0]) !== x.lan)
      issues.push({ path: ['routers', i, 'addresses', 0], message: `${r.addresses[0]} is not on the cluster LAN ${x.lan} (a router's first address is its LAN side, eth0)` });
    r.addresses.slice(1).forEach((a, k) => {
      if (networkCidr(a) === x.lan) issues.push({ path: ['routers', i, 'addresses', k + 1], message: `${a} is on the cluster LAN again; a router has one LAN address, the first` });
    });
  });
  clients.forEach((c, i) => {
    if (networkCidr(c.address) === x.lan) return;
    const net = nets.find((n) => inCidr(ipOf(c.address), n.cidr));
    if (!net)
      issues.push({
        path: ['clients', i, 'address'],
        message: `${c.address} is neither on the cluster LAN ${x.lan} nor in a router's network${nets.length ? ` (${nets.map((n) => n.cidr).join(', ')})` : ' (no routers:)'}`,
      });
    else if (networkCidr(c.address) !== net.cidr) issues.push({ path: ['clients', i, 'address'], message: `${c.address} has another prefix than router ${net.router}'s network ${net.cidr}` });
    else if (!routers.some((r) => r.name === net.router && ipOf(r.addresses[0]) === x.gateway))
      issues.push({
        path: ['clients', i, 'address'],
        message: `client ${c.name} sits behind router ${net.router}, but the nodes' default gateway is ${x.gateway} (network.gateway), not ${net.router}'s LAN address: the nodes could not answer it`,
      });
  });
  return issues;
}

/** Clients and routers whose name another node, client or router already has. */
export function duplicateNames(nodes: readonly { name: string }[], routers: readonly ClusterRouter[], clients: readonly ClusterClient[]): ObjectIssue[] {
  const seen = new Set(nodes.map((n) => n.name));
  const issues: ObjectIssue[] = [];
  for (const [list, key] of [
    [clients, 'clients'],
    [routers, 'routers'],
  ] as const)
    list.forEach((h, i) => {
      if (seen.has(h.name)) issues.push({ path: [key, i, 'name'], message: `${h.name} is already the name of a node, client or router` });
      seen.add(h.name);
    });
  return issues;
}

/** A NIC `dev` at `cidr` on `segment`. */
const nic = (dev: string, cidr: string, segment: string) => ({ name: dev, type: 'ethernet' as const, segment, mac: macFor([0x52, 0x54, 0x00], ipOf(cidr)), addresses: [cidr] });

/** VIP routes to the node a load balancer delivers them to. */
const vipRoutes = (x: OutsideContext, dev: string) => x.vips.map((ip) => `${ip} via ${x.vipNode.ip} dev ${dev}`);

/**
 * A client's netns. On the LAN: eth0 on the LAN segment, default via the gateway, and the Service
 * load-balancer and external IPs routed to the first node, as a load balancer (MetalLB's BGP or L2
 * mode, a cloud LB) would deliver them; kube-proxy itself only writes rules for them. Behind a
 * router: eth0 on the router's network, default via the router.
 */
export function clientHost(client: ClusterClient, nets: readonly RouterNetwork[], x: OutsideContext): GeneratedHost {
  const ip = ipOf(client.address);
  const net = nets.find((n) => networkCidr(client.address) === n.cidr);
  const routes = net ? [`default via ${net.via} dev eth0`, connected(net.cidr, 'eth0', ip)] : [`default via ${x.gateway} dev eth0`, lanRoute(x.lan, ip), ...vipRoutes(x, 'eth0')];
  const vips = !net && x.vips.length ? `; Service load-balancer and external IPs (${x.vips.join(', ')}) routed to ${x.vipNode.name}, as a load balancer delivers them` : '';
  return {
    because: net ? `client ${client.name}: a machine behind router ${net.router}, on ${net.cidr}` : `client ${client.name}: a machine on the LAN outside the cluster${vips}`,
    host: { name: client.name, kind: 'external', title: `${client.name} (${ip})`, interfaces: [nic('eth0', client.address, net?.segment ?? x.segment)], routes: `${routes.join('\n')}\n` },
    ...(net ? { provenance: behindRouter(client, net, routes) } : {}),
  };
}

/** Why a client behind a router has its device and routes. */
function behindRouter(client: ClusterClient, net: RouterNetwork, routes: readonly string[]): Record<string, Because> {
  return {
    [provenanceKey(client.name, 'iface', 'name', 'eth0')]: { key: 'ifaceClientBehindRouter', params: { address: client.address, router: net.router } },
    [provenanceKey(client.name, 'route', 'line', routes[0])]: { key: 'routeDefaultRouter', params: { gateway: net.via, router: net.router } },
    [provenanceKey(client.name, 'route', 'line', routes[1])]: { key: 'routeConnected', params: { net: net.cidr, dev: 'eth0' } },
  };
}

/** A router's netns: eth0 on the LAN, eth1… on its other networks, forwarding, its VIP routes and given routes. */
export function routerHost(r: ClusterRouter, nets: readonly RouterNetwork[], x: OutsideContext): GeneratedHost {
  const devs = r.addresses.map((a, k) => ({ dev: `eth${k}`, cidr: a, net: networkCidr(a) }));
  const routes = [...devs.map((d) => connected(d.net, d.dev, ipOf(d.cidr))), ...vipRoutes(x, 'eth0'), ...(r.routes ?? [])];
  const provenance: Record<string, Because> = {};
  for (const d of devs) provenance[provenanceKey(r.name, 'iface', 'name', d.dev)] = { key: 'ifaceRouter', params: { router: r.name, address: d.cidr } };
  for (const d of devs.slice(1)) provenance[provenanceKey(r.name, 'route', 'line', connected(d.net, d.dev, ipOf(d.cidr)))] = { key: 'routeConnected', params: { net: d.net, dev: d.dev } };
  for (const line of r.routes ?? []) provenance[provenanceKey(r.name, 'route', 'line', line.trim())] = { key: 'routeRouterGiven', params: { router: r.name } };
  return {
    because: `router ${r.name}: forwards between the LAN and ${
      devs
        .slice(1)
        .map((d) => d.net)
        .join(', ') || 'nothing else'
    }`,
    host: {
      name: r.name,
      kind: 'router',
      title: `${r.name} (${devs.map((d) => ipOf(d.cidr)).join(', ')})`,
      interfaces: devs.map((d) => nic(d.dev, d.cidr, d.dev === 'eth0' ? x.segment : nets.find((n) => n.cidr === d.net)!.segment)),
      routes: `${routes.join('\n')}\n`,
      sysctls: { 'net.ipv4.ip_forward': 1 },
    },
    provenance,
  };
}
