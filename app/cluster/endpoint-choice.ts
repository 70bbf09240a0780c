/**
 * A flow's `endpoint: pod/NS/NAME` as the scenario's `choices`: which branch of kube-proxy's random
 * endpoint choice the packet takes, keyed as docs/scenario-format.md "Random choices" says. In
 * iptables mode the value is the number of the `-j KUBE-SEP-…` rule in the KUBE-SVC-/KUBE-SVL-
 * chain; in nftables mode the numgen value plus one; in IPVS mode the real server's line among
 * the virtual service's `-a` lines (./kube-proxy/ipvs.ts sorts them by address).
 */
import { serviceChains } from './kube-proxy/chain-names';
import { nftServiceBase } from './kube-proxy/chain-names';
import { kubeProxyIptables } from './kube-proxy/iptables';
import { categorizeEndpoints, type ServicePort } from './kube-proxy/service-ports';
import type { ProxierSettings } from './kube-proxy/settings';
import { ipvsDestinations } from './kube-proxy/ipvs';

/**
 * The choice that sends a connection to `sp` (at `node`, from inside the cluster or not) to the
 * endpoint at `ip`, or an error sentence.
 */
export function endpointChoice(
  mode: 'iptables' | 'nftables' | 'ipvs',
  node: string,
  sp: ServicePort,
  external: boolean,
  ip: string,
  settings: ProxierSettings,
  vip: { dst: string; dport: number },
): Record<string, number> | { error: string } {
  const ep = categorizeEndpoints(sp);
  const local = external ? sp.externalPolicyLocal : sp.internalPolicyLocal;
  if (mode === 'ipvs') return ipvsChoice(node, sp, local, ip, vip);
  const endpoints = local ? ep.local : ep.cluster;
  const i = endpoints.findIndex((e) => e.ip === ip);
  if (i < 0) return { error: `${ip} is not among the endpoints kube-proxy on ${node} picks from for ${sp.svcPortName} (${endpoints.map((e) => e.text).join(', ') || 'none'})` };
  if (endpoints.length === 1) return {};
  if (mode === 'nftables') {
    const base = nftServiceBase(sp.namespace, sp.name, sp.protocol, sp.portName);
    return { [`${node}/ip kube-proxy/${local ? 'local' : 'service'}-${base}`]: i + 1 };
  }
  const chains = serviceChains(sp.svcPortName, sp.protocol);
  const chain = local ? chains.svl : chains.svc;
  const rules = kubeProxyIptables([sp], settings).nat.rules.filter((r) => r.chain === chain);
  const n = rules.findIndex((r) => r.args.includes(`-> ${endpoints[i].text}"`) && !r.args.includes('--rcheck'));
  return { [`${node}/nat/${chain}`]: n + 1 };
}

/** IPVS mode: the line of the endpoint among the real servers of the virtual service `vip` on `node`. */
function ipvsChoice(node: string, sp: ServicePort, onlyLocal: boolean, ip: string, vip: { dst: string; dport: number }): Record<string, number> | { error: string } {
  const dests = ipvsDestinations(sp, onlyLocal);
  const i = dests.findIndex((e) => e.ip === ip);
  if (i < 0) return { error: `${ip} is not a real server of the IPVS virtual service ${vip.dst}:${vip.dport} on ${node} for ${sp.svcPortName} (${dests.map((e) => e.text).join(', ') || 'none'})` };
  if (dests.length === 1) return {};
  return { [`${node}/ipvs/${sp.protocol.toUpperCase()} ${vip.dst}:${vip.dport}`]: i + 1 };
}
