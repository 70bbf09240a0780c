/**
 * The Because (../because.ts) of each kind of rule kube-proxy writes, shared by the iptables and
 * nftables generators: which field of which Service, EndpointSlice or Pod, or which kube-proxy
 * setting, the rule exists for. The conditions follow pkg/proxy/iptables/proxier.go and
 * pkg/proxy/nftables/proxier.go `syncProxyRules`.
 */
import { serviceRef, type Because, type BecauseKey, type ObjectRef } from '../because';
import { nodePortIPs, type ProxierSettings } from './settings';
import type { Endpoint, ServicePort } from './service-ports';

/** The parameters every Service sentence has: its name and port (`namespace/name:port`), protocol and port number. */
const base = (p: ServicePort) => ({ service: p.svcPortName, protocol: p.protocol, port: p.port });

const forService = (key: BecauseKey, p: ServicePort, params: Record<string, string | number> = {}): Because => ({ key, object: serviceRef(p.namespace, p.name), params: { ...base(p), ...params } });

/** The object an endpoint rule exists for: the EndpointSlice of the file, or the Pod when the builder derived the slice. */
function endpointObject(p: ServicePort, e: Endpoint): ObjectRef {
  if (e.sliceDerived && e.pod) return { kind: 'Pod', namespace: p.namespace, name: e.pod };
  return { kind: 'EndpointSlice', namespace: p.namespace, name: e.slice };
}

const forEndpoint = (key: BecauseKey, p: ServicePort, e: Endpoint, params: Record<string, string | number> = {}): Because => ({
  key,
  object: endpointObject(p, e),
  params: { ...base(p), endpoint: e.text, slice: e.slice, pod: e.pod ?? '', ...params },
});

const IPVS_SERVICE_KEYS = { clusterIP: 'ipvsServiceClusterIP', externalIP: 'ipvsServiceExternalIP', loadBalancerIP: 'ipvsServiceLoadBalancer', nodePort: 'ipvsServiceNodePort' } as const;

const everyNode = (key: BecauseKey, params: Record<string, string | number> = {}): Because => ({ key, params });

/** The Because of each rule and element kube-proxy writes for a service port or on every node. */
export const why = {
  /** The cluster IP's capture rule or map element (with internalTrafficPolicy Local: local endpoints only). */
  clusterIP: (p: ServicePort, s: ProxierSettings): Because => forService(p.internalPolicyLocal ? 'svcInternalLocal' : 'svcClusterIP', p, { ip: p.clusterIP, node: s.nodeName }),
  /** REJECT (no endpoint at all) or DROP (no local endpoint under a Local policy). */
  noEndpoints: (p: ServicePort, s: ProxierSettings, anyEndpoint: boolean, policy: 'externalTrafficPolicy' | 'internalTrafficPolicy'): Because =>
    anyEndpoint ? forService('svcNoLocalEndpoints', p, { policy, node: s.nodeName }) : forService('svcNoEndpoints', p),
  externalIP: (p: ServicePort, ip: string): Because => forService('svcExternalIP', p, { ip }),
  loadBalancerIP: (p: ServicePort, ip: string): Because => forService('svcLoadBalancerIP', p, { ip }),
  sourceRanges: (p: ServicePort): Because => forService('svcSourceRanges', p, { ranges: p.loadBalancerSourceRanges.join(', '), ip: p.loadBalancerVIPs.join(', ') }),
  nodePort: (p: ServicePort): Because => forService('svcNodePort', p, { nodePort: p.nodePort }),
  nodePortLocalhost: (p: ServicePort): Because => forService('svcNodePortLocalhost', p, { nodePort: p.nodePort }),
  healthCheck: (p: ServicePort): Because => forService('svcHealthCheck', p, { healthCheckNodePort: p.healthCheckNodePort }),
  /** The policy chain's first rule: masquerade connections to the cluster IP from outside the pod network (or all, masqueradeAll). */
  internalMasquerade: (p: ServicePort, s: ProxierSettings): Because =>
    s.masqueradeAll ? forService('svcMasqueradeAll', p, { ip: p.clusterIP }) : forService('svcMasqueradeOffCluster', p, { ip: p.clusterIP, cidr: s.clusterCIDR ?? '' }),
  /** The external chain: externalTrafficPolicy Cluster (masquerade all) or Local (keep the client's address). */
  external: (p: ServicePort, s: ProxierSettings): Because => forService(p.externalPolicyLocal ? 'svcExternalLocal' : 'svcExternalCluster', p, { node: s.nodeName }),
  /** The random choice among a policy chain's endpoints. */
  endpoints: (p: ServicePort, count: number): Because => forService('svcEndpoints', p, { count }),
  /** One endpoint: its probability rule, its DNAT. */
  endpoint: (p: ServicePort, e: Endpoint, count: number): Because => forEndpoint('svcEndpoint', p, e, { count }),
  affinity: (p: ServicePort, e: Endpoint): Because => ({ ...forEndpoint('svcAffinity', p, e, { seconds: p.affinitySeconds ?? 0 }), object: serviceRef(p.namespace, p.name) }),
  hairpin: (p: ServicePort, e: Endpoint): Because => forEndpoint('svcHairpin', p, e),
  /** An IPVS virtual service of the port: on its cluster IP, an external IP, a load-balancer IP, or the NodePort on a node address. */
  ipvsService: (p: ServicePort, on: 'clusterIP' | 'externalIP' | 'loadBalancerIP' | 'nodePort', ip: string): Because =>
    forService(p.affinitySeconds !== undefined ? 'ipvsServicePersistent' : IPVS_SERVICE_KEYS[on], p, { ip, vport: on === 'nodePort' ? p.nodePort : p.port, seconds: p.affinitySeconds ?? 0 }),
  /** An IPVS-mode rule that matches one of kube-proxy's ipsets (the set's entries come from every Service). */
  ipvsSet: (key: BecauseKey, set: string, s: ProxierSettings): Because => everyNode(key, { set, cidr: s.clusterCIDR ?? '', mark: s.masqueradeMark }),
  jump: (): Because => everyNode('kubeProxyJump'),
  masquerade: (s: ProxierSettings): Because => everyNode('kubeProxyMasquerade', { mark: s.masqueradeMark }),
  nodePorts: (s: ProxierSettings): Because => everyNode('kubeProxyNodePorts', { addresses: nodePortIPs(s)?.join(', ') ?? '' }),
  forward: (s: ProxierSettings): Because => everyNode('kubeProxyForward', { mark: s.masqueradeMark }),
  localnet: (): Because => everyNode('kubeProxyLocalnet'),
  base: (): Because => everyNode('kubeProxyBase'),
};
