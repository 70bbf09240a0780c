/**
 * kube-proxy's view of Services and EndpointSlices: one ServicePort per Service port it programs
 * (pkg/proxy/service.go `newBaseServiceInfo`) with its endpoints (pkg/proxy/endpointslicecache.go),
 * for one IP family (IPv4) on one node. Services kube-proxy does not program (headless,
 * ExternalName, no usable cluster IP) are listed with the reason, so a lesson can say why no
 * rule exists.
 */
import type { EndpointSlice, Service } from './objects';
import { SERVICE_NAME_LABEL } from './objects';
import { parseCidrSloppy, parseIPv4Sloppy } from './ip-sloppy';

/** One endpoint of a service port (`ip:port`), with the conditions kube-proxy reads. */
export interface Endpoint {
  readonly ip: string;
  readonly port: number;
  /** `ip:port`, the endpoint's name in chain hashes and comments. */
  readonly text: string;
  /** Runs on this node (`nodeName` equals the proxier's). */
  readonly local: boolean;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  /** The EndpointSlice that lists it (`metadata.name`), and whether the builder derived that slice from Pods. */
  readonly slice: string;
  readonly sliceDerived: boolean;
  /** The Pod it is (the endpoint's `targetRef`), when named. */
  readonly pod?: string;
}

/** One port of one Service, as kube-proxy programs it. */
export interface ServicePort {
  readonly namespace: string;
  readonly name: string;
  /** The port's name (may be empty). */
  readonly portName: string;
  /** `namespace/name:portName` (`namespace/name` when the port has no name). */
  readonly svcPortName: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly clusterIP: string;
  readonly port: number;
  /** 0: no NodePort. */
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerVIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  /** externalTrafficPolicy Local on a NodePort or LoadBalancer Service. */
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  /** ClientIP affinity timeout in seconds; undefined without session affinity. */
  readonly affinitySeconds?: number;
  /** 0 unless a LoadBalancer Service with externalTrafficPolicy Local. */
  readonly healthCheckNodePort: number;
  /** Endpoints in kube-proxy's order (by `ip:port`, byte by byte). */
  readonly endpoints: readonly Endpoint[];
}

/** A Service kube-proxy writes no rule for, and why. */
export interface SkippedService {
  readonly service: string;
  readonly reason: 'headless' | 'external-name' | 'bad-cluster-ip' | 'no-ports';
}

/** An external IP, LB ingress or source range is kept only when it parses as IPv4 (the proxier's family). */
const ipv4s = (list: readonly string[] | null | undefined, parse: (s: string) => string | undefined): string[] => (list ?? []).map((s) => parse(s.trim())).filter((s): s is string => s !== undefined);

/** The endpoints of every service port, keyed `namespace/name:portName/PROTO`. */
function endpointsByPort(slices: readonly EndpointSlice[], nodeName: string): Map<string, Endpoint[]> {
  const out = new Map<string, Endpoint[]>();
  for (const slice of slices) {
    const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc || slice.addressType !== 'IPv4') continue;
    const ns = slice.metadata.namespace ?? 'default';
    for (const p of slice.ports ?? []) {
      if (p.port === undefined || p.port === null) continue;
      const key = `${ns}/${svc}:${p.name ?? ''}/${p.protocol ?? 'TCP'}`;
      const list = out.get(key) ?? [];
      for (const e of slice.endpoints ?? []) {
        const ip = e.addresses.length ? parseIPv4Sloppy(e.addresses[0]) : undefined;
        if (!ip) continue;
        const text = `${ip}:${p.port}`;
        if (list.some((x) => x.text === text)) continue;
        const ready = e.conditions?.ready ?? true;
        const pod = e.targetRef?.kind === 'Pod' ? e.targetRef.name : undefined;
        list.push({
          ip,
          port: p.port,
          text,
          local: e.nodeName !== undefined && e.nodeName === nodeName,
          ready,
          serving: e.conditions?.serving ?? ready,
          terminating: e.conditions?.terminating ?? false,
          slice: slice.metadata.name ?? '',
          sliceDerived: slice.derived === true,
          ...(pod ? { pod } : {}),
        });
      }
      out.set(key, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return out;
}

/**
 * The service ports kube-proxy programs on node `nodeName` for `services` and `slices`, in
 * `svcPortName` order, and the Services it skips.
 */
export function servicePorts(services: readonly Service[], slices: readonly EndpointSlice[], nodeName: string): { ports: ServicePort[]; skipped: SkippedService[] } {
  const eps = endpointsByPort(slices, nodeName);
  const ports: ServicePort[] = [];
  const skipped: SkippedService[] = [];
  for (const s of services) {
    const namespace = s.metadata.namespace ?? 'default';
    const name = s.metadata.name;
    const service = `${namespace}/${name}`;
    const spec = s.spec;
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') {
      skipped.push({ service, reason: 'external-name' });
      continue;
    }
    if (spec.clusterIP === undefined || spec.clusterIP === '' || spec.clusterIP === 'None') {
      skipped.push({ service, reason: 'headless' });
      continue;
    }
    const clusterIP = parseIPv4Sloppy(spec.clusterIP);
    if (!clusterIP) {
      skipped.push({ service, reason: 'bad-cluster-ip' });
      continue;
    }
    if (!spec.ports?.length) {
      skipped.push({ service, reason: 'no-ports' });
      continue;
    }
    const externalIPs = ipv4s(spec.externalIPs, parseIPv4Sloppy);
    const loadBalancerVIPs = ipv4s(
      (s.status?.loadBalancer?.ingress ?? []).filter((i) => i.ip && (i.ipMode ?? 'VIP') === 'VIP').map((i) => i.ip!),
      parseIPv4Sloppy,
    );
    const loadBalancerSourceRanges = ipv4s(spec.loadBalancerSourceRanges, parseCidrSloppy);
    const externalLocal = (type === 'NodePort' || type === 'LoadBalancer') && spec.externalTrafficPolicy === 'Local';
    for (const p of spec.ports) {
      const portName = p.name ?? '';
      const svcPortName = portName ? `${service}:${portName}` : service;
      const proto = p.protocol ?? 'TCP';
      const nodePort = p.nodePort ?? 0;
      const externallyAccessible = nodePort !== 0 || loadBalancerVIPs.length > 0 || externalIPs.length > 0;
      ports.push({
        namespace,
        name,
        portName,
        svcPortName,
        protocol: proto.toLowerCase() as ServicePort['protocol'],
        clusterIP,
        port: p.port,
        nodePort,
        externalIPs,
        loadBalancerVIPs,
        loadBalancerSourceRanges,
        externalPolicyLocal: externalLocal && externallyAccessible,
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        ...(spec.sessionAffinity === 'ClientIP' ? { affinitySeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 } : {}),
        healthCheckNodePort: type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' ? (spec.healthCheckNodePort ?? 0) : 0,
        endpoints: eps.get(`${service}:${portName}/${proto}`) ?? [],
      });
    }
  }
  ports.sort((a, b) => (a.svcPortName < b.svcPortName ? -1 : a.svcPortName > b.svcPortName ? 1 : a.protocol < b.protocol ? -1 : 1));
  return { ports, skipped };
}

/** True when the port accepts traffic to a NodePort, an external IP or a load-balancer IP. */
export const externallyAccessible = (p: ServicePort): boolean => p.nodePort !== 0 || p.loadBalancerVIPs.length > 0 || p.externalIPs.length > 0;

/**
 * How kube-proxy routes one service port, in either mode (syncProxyRules' per-service variables in
 * pkg/proxy/iptables/proxier.go and pkg/proxy/nftables/proxier.go): its endpoints by policy, whether
 * internal (ClusterIP) and external traffic have endpoints, and which per-service chains exist.
 */
export interface PortRouting {
  readonly ep: ReturnType<typeof categorizeEndpoints>;
  /** ClusterIP traffic has an endpoint (a local one, with internalTrafficPolicy Local). */
  readonly hasInternal: boolean;
  /** External traffic has an endpoint (a local one, with externalTrafficPolicy Local). */
  readonly hasExternal: boolean;
  /** The cluster-policy chain (KUBE-SVC- / service-) exists. */
  readonly usesCluster: boolean;
  /** The local-policy chain (KUBE-SVL- / local-) exists. */
  readonly usesLocal: boolean;
  /** The external chain (KUBE-EXT- / external-) exists. */
  readonly usesExternal: boolean;
}

/** The routing of service port `p` (see PortRouting). */
export function portRouting(p: ServicePort): PortRouting {
  const ep = categorizeEndpoints(p);
  return {
    ep,
    hasInternal: ep.any && !(p.internalPolicyLocal && ep.local.length === 0),
    hasExternal: ep.any && !(p.externalPolicyLocal && ep.local.length === 0),
    usesCluster: ep.cluster.length > 0 && (!p.internalPolicyLocal || externallyAccessible(p)),
    usesLocal: ep.local.length > 0 && (p.internalPolicyLocal || p.externalPolicyLocal),
    usesExternal: ep.any && externallyAccessible(p),
  };
}

/** pkg/proxy/topology.go `CategorizeEndpoints` (without topology hints): the endpoints each policy uses. */
export function categorizeEndpoints(p: ServicePort): { cluster: Endpoint[]; local: Endpoint[]; reachable: Endpoint[]; any: boolean } {
  const usesCluster = !p.internalPolicyLocal || externallyAccessible(p);
  const usesLocal = p.internalPolicyLocal || p.externalPolicyLocal;
  let cluster: Endpoint[] = [];
  let any = false;
  if (usesCluster) {
    cluster = p.endpoints.filter((e) => e.ready);
    // No ready endpoint anywhere: fall back to serving, terminating ones.
    if (cluster.length === 0) cluster = p.endpoints.filter((e) => e.serving && e.terminating);
    any = cluster.length > 0;
  }
  if (!usesLocal) return { cluster, local: [], reachable: cluster, any };
  let localReady = false;
  let localTerminating = false;
  for (const e of p.endpoints) {
    if (e.ready) {
      any = true;
      if (e.local) localReady = true;
    } else if (e.serving && e.terminating) {
      any = true;
      if (e.local) localTerminating = true;
    }
  }
  let local: Endpoint[] = [];
  if (localReady) local = p.endpoints.filter((e) => e.local && e.ready);
  else if (localTerminating) local = p.endpoints.filter((e) => e.local && e.serving && e.terminating);
  if (!usesCluster) return { cluster, local, reachable: local, any };
  const reachable = p.endpoints.filter((e) => cluster.includes(e) || local.includes(e));
  return { cluster, local, reachable, any };
}
