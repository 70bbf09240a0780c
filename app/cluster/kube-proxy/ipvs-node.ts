/**
 * kube-proxy in IPVS mode on one generated node: the node's addresses NodePorts are served on, the
 * IPVS and ipset state (./ipvs.ts), the iptables rules (./ipvs-iptables.ts), and what it changes on
 * the node: the kube-ipvs0 dummy (EnsureDummyDevice, never set up; each bound address as a /32,
 * EnsureAddressBind) and `net.ipv4.vs.conntrack=1` (NewProxier). The other sysctls NewProxier sets
 * (expire_nodest_conn, expire_quiescent_template, conn_reuse_mode) are not modelled by the engine.
 */
import type { HostFile } from '../../scenario/schema';
import { inCidr } from '../../engine/addr/ipv4';
import type { Because } from '../because';
import type { IptablesPart } from '../iptables-save';
import { ipsetSaveText, kubeProxyIpvsState } from './ipvs';
import { kubeProxyIpvsIptablesParts } from './ipvs-iptables';
import type { ServicePort } from './service-ports';
import type { ProxierSettings } from './settings';

/** The device kube-proxy binds Service addresses to. */
export const DUMMY_DEVICE = 'kube-ipvs0';

/**
 * The addresses a NodePort virtual service is made on: every IPv4 address of the node's devices
 * but loopback's and kube-ipvs0's (GetAllLocalAddressesExcept), in device order; with
 * nodePortAddresses, those inside its CIDRs.
 */
export function nodePortAddresses(host: HostFile, s: ProxierSettings): string[] {
  const all = (host.interfaces ?? [])
    .filter((i) => i.name !== 'lo' && i.name !== DUMMY_DEVICE)
    .flatMap((i) => ('addresses' in i ? (i.addresses ?? []) : []))
    .map((a) => a.split('/')[0])
    .filter((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip) && !ip.startsWith('127.'));
  const cidrs = s.nodePortAddresses?.filter((c) => c.includes('.'));
  return cidrs?.length ? all.filter((ip) => cidrs.some((c) => inCidr(ip, c))) : all;
}

/** The node with kube-proxy's IPVS state, its iptables parts and why each IPVS line exists. */
export function ipvsNodeState(host: HostFile, ports: readonly ServicePort[], s: ProxierSettings): { host: HostFile; parts: IptablesPart[]; provenance: Record<string, Because> } {
  const state = kubeProxyIpvsState(ports, s, nodePortAddresses(host, s), host.name);
  return {
    host: {
      ...host,
      interfaces: [...(host.interfaces ?? []), { name: DUMMY_DEVICE, type: 'dummy', addresses: state.bind.map((ip) => `${ip}/32`) }],
      sysctls: { ...host.sysctls, 'net.ipv4.vs.conntrack': 1 },
      ipset: ipsetSaveText(state.sets),
      ipvs: state.ipvs.join('\n') + '\n',
    },
    parts: kubeProxyIpvsIptablesParts(state, s),
    provenance: state.provenance,
  };
}
