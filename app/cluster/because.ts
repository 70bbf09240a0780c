/**
 * Why a generated rule or set element exists: the Kubernetes object and the kube-proxy or CNI
 * behaviour that produced it, as a message key with parameters (rendered by the UI in the chosen
 * language, i18n `because.*`). The cluster builder records one for every rule and element it
 * writes; the step panel shows it beside the rule that matched ("this rule exists because Service
 * default/web has externalTrafficPolicy: Local").
 */

/** The behaviours that produce rules, each with its sentence under i18n `because.<key>`. */
export const BECAUSE_KEYS = [
  'svcClusterIP',
  'svcInternalLocal',
  'svcNoEndpoints',
  'svcNoLocalEndpoints',
  'svcExternalIP',
  'svcLoadBalancerIP',
  'svcSourceRanges',
  'svcNodePort',
  'svcNodePortLocalhost',
  'svcHealthCheck',
  'svcMasqueradeOffCluster',
  'svcMasqueradeAll',
  'svcExternalCluster',
  'svcExternalLocal',
  'svcEndpoints',
  'svcEndpoint',
  'svcAffinity',
  'svcHairpin',
  'ipvsServiceClusterIP',
  'ipvsServiceExternalIP',
  'ipvsServiceLoadBalancer',
  'ipvsServiceNodePort',
  'ipvsServicePersistent',
  'ipvsLocalhost',
  'ipvsLoopback',
  'ipvsClusterIPMasquerade',
  'ipvsMasqueradeAll',
  'ipvsClusterIPNoDetector',
  'ipvsExternalIP',
  'ipvsExternalIPAccept',
  'ipvsNodePorts',
  'ipvsNodePortMasquerade',
  'ipvsNodePortLocal',
  'ipvsLoadBalancer',
  'ipvsLoadBalancerLocal',
  'ipvsSourceRanges',
  'ipvsSourceRangesAllowed',
  'ipvsSourceRangesDrop',
  'ipvsNoNodeAccess',
  'ipvsAccept',
  'ipvsHealthCheck',
  'ipvsFilter',
  'kubeProxyJump',
  'kubeProxyMasquerade',
  'kubeProxyNodePorts',
  'kubeProxyForward',
  'kubeProxyLocalnet',
  'kubeProxyBase',
  'flannelMasquerade',
  'flannelForward',
  'dockerBridge',
  'routeDefault',
  'routeLan',
  'routePodSubnet',
  'routeOtherNodeVxlan',
  'routeOtherNodeDirect',
  'routeOtherNodeIpip',
  'routeBlackhole',
  'routeCalicoPod',
  'routePodDefaultProxyArp',
  'routePodGateway',
  'routePodCluster',
  'routePodSubnetLink',
  'routeClientVip',
  'routeDefaultRouter',
  'routeConnected',
  'routeRouterGiven',
  'neighVtep',
  'fdbVtep',
  'ifaceLan',
  'ifaceClient',
  'ifaceClientBehindRouter',
  'ifaceRouter',
  'ifaceCni0',
  'ifaceDocker0',
  'ifaceFlannelVtep',
  'ifaceTunl0',
  'ifaceKubeIpvs0',
  'ifaceVethHost',
  'ifaceCaliHost',
  'ifacePodEth0',
] as const;

/** One of BECAUSE_KEYS. */
export type BecauseKey = (typeof BECAUSE_KEYS)[number];

/** A Kubernetes object of the cluster file (or one the builder derived, `derived: true`). */
export interface ObjectRef {
  readonly kind: 'Service' | 'EndpointSlice' | 'Pod';
  readonly namespace: string;
  readonly name: string;
}

/** Why one generated rule or element exists. */
export interface Because {
  readonly key: BecauseKey;
  /** The object it exists for; absent for what kube-proxy or the CNI writes on every node. */
  readonly object?: ObjectRef;
  /** The sentence's parameters (Service name, addresses, ports, the node). */
  readonly params: Readonly<Record<string, string | number>>;
}

/**
 * Where a Because is filed in a built cluster's provenance index: an iptables rule by netns, table,
 * chain and its 1-based number in the chain (as a Trace step names it); an nftables rule by netns,
 * `nft:FAMILY TABLE`, chain and number; an nftables set or map element by netns, `nft:FAMILY TABLE`,
 * `element` and its text as written; an IPVS virtual service or real server line by netns, `ipvs`,
 * `line` and the line as written; a route, neighbour or FDB entry by netns, `route`|`neigh`|`fdb`,
 * `line` and the line as written.
 */
export const provenanceKey = (netns: string, table: string, chain: string, index: number | string): string => `${netns}|${table}|${chain}|${index}`;

/** The `table` part of provenanceKey for an nftables table (`ip`, `kube-proxy` → `nft:ip kube-proxy`). */
export const nftTableKey = (family: string, table: string): string => `nft:${family} ${table}`;

/** A built cluster's provenance index: provenanceKey → Because. A plain record, so it crosses to the worker's caller intact. */
export type Provenance = Readonly<Record<string, Because>>;

/** Shorthand for a Service reference. */
export const serviceRef = (namespace: string, name: string): ObjectRef => ({ kind: 'Service', namespace, name });

/** The parts of a Trace step that locate the rule or element that decided (engine/trace.ts TraceStep). */
export interface RuleStepRef {
  readonly stage: string;
  readonly netns: string;
  readonly table?: string;
  readonly chain?: string;
  readonly rule?: { readonly index: number };
  readonly nft?: { readonly family: string; readonly table: string; readonly element?: string };
  readonly ipvs?: { readonly service?: string; readonly dest?: string };
  readonly route?: { readonly text: string };
  readonly neigh?: { readonly text: string };
  readonly fdb?: { readonly text: string };
}

/**
 * Why the rule (or, for an nftables lookup, the set or map element; for an IPVS step, the real
 * server or virtual service line; for a routing, neighbour or FDB step, the entry used) that
 * decided at `step` exists, from a built cluster's provenance; undefined for other steps and for rules the builder
 * did not write.
 */
export function becauseOfStep(step: RuleStepRef, provenance: Provenance): Because | undefined {
  if (step.stage === 'ipvs' && step.ipvs) {
    // The real server IPVS chose (its endpoint), else the virtual service the packet hit.
    const line = (text?: string) => (text !== undefined ? provenance[provenanceKey(step.netns, 'ipvs', 'line', text)] : undefined);
    return line(step.ipvs.dest) ?? line(step.ipvs.service);
  }
  if (step.stage === 'route' && step.route) return provenance[provenanceKey(step.netns, 'route', 'line', step.route.text)];
  if (step.stage === 'neigh' && step.neigh) return provenance[provenanceKey(step.netns, 'neigh', 'line', step.neigh.text)];
  if (step.stage === 'fdb' && step.fdb) return provenance[provenanceKey(step.netns, 'fdb', 'line', step.fdb.text)];
  if (step.stage !== 'rule' || !step.chain || !step.rule) return undefined;
  if (step.nft) {
    const table = nftTableKey(step.nft.family, step.nft.table);
    const element = step.nft.element !== undefined ? provenance[provenanceKey(step.netns, table, 'element', step.nft.element)] : undefined;
    return element ?? provenance[provenanceKey(step.netns, table, step.chain, step.rule.index)];
  }
  return step.table ? provenance[provenanceKey(step.netns, step.table, step.chain, step.rule.index)] : undefined;
}

/** The Kubernetes field a behaviour reads, for highlighting it in the object's manifest (undefined: the object as a whole). */
export const BECAUSE_FIELD: Readonly<Partial<Record<BecauseKey, string>>> = {
  svcClusterIP: 'clusterIP',
  svcInternalLocal: 'internalTrafficPolicy',
  svcExternalIP: 'externalIPs',
  svcLoadBalancerIP: 'ingress',
  svcSourceRanges: 'loadBalancerSourceRanges',
  svcNodePort: 'nodePort',
  svcNodePortLocalhost: 'nodePort',
  svcHealthCheck: 'healthCheckNodePort',
  svcExternalCluster: 'externalTrafficPolicy',
  svcExternalLocal: 'externalTrafficPolicy',
  svcAffinity: 'sessionAffinity',
};

/** The field of `b` to highlight: BECAUSE_FIELD, or for a missing local endpoint the policy named. */
export const becauseField = (b: Because): string | undefined => (b.key === 'svcNoLocalEndpoints' ? String(b.params.policy) : BECAUSE_FIELD[b.key]);
