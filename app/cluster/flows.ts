/**
 * Flows written in Kubernetes terms (`from: pod/default/web-1`, `to: service/default/web:http`,
 * `to: nodeport/node-1/default/web`) turned into scenario flows: the sending netns, the protocol,
 * the destination address and port.
 */
import type { FlowFile } from '../scenario/schema';
import type { ClusterNode, ClusterPod } from './model';
import type { ObjectIssue } from './objects';
import type { ClusterFlow } from './schema';
import type { ServicePort, SkippedService } from './kube-proxy/service-ports';
import type { ProxierSettings } from './kube-proxy/settings';
import { endpointChoice } from './endpoint-choice';
import { checkAfter } from '../scenario/flows';

/** What flows can name. */
export interface FlowContext {
  readonly nodes: readonly ClusterNode[];
  readonly clients: readonly { readonly name: string }[];
  readonly pods: readonly ClusterPod[];
  /** Every Pod of the file (`namespace/name`), placed or not. */
  readonly podNames: ReadonlySet<string>;
  readonly ports: readonly ServicePort[];
  readonly skipped: readonly SkippedService[];
  readonly mode: 'iptables' | 'nftables' | 'ipvs';
  /** The service ports as kube-proxy on `node` sees them (endpoint locality differs by node). */
  readonly portsOn: (node: string) => readonly ServicePort[];
  readonly settingsFor: (node: string) => ProxierSettings;
}

/** Why a pod a flow names is not there: absent from the file, or not placed (its own error says why). */
const noPod = (c: FlowContext, ns: string, name: string) => ({ error: c.podNames.has(`${ns}/${name}`) ? `pod ${ns}/${name} could not be placed (see its error)` : `no pod ${ns}/${name} in objects:` });

/** Where a flow goes; for a Service, the node whose kube-proxy rules pick the endpoint. */
type Target = { dst: string; dport: number; protocol?: 'tcp' | 'udp' | 'sctp'; via?: { node: string; sp: ServicePort; external: boolean } } | { error: string };

function sender(from: string, c: FlowContext): string | { error: string } {
  const [kind, a, b] = from.split('/');
  if (kind === 'pod') return c.pods.find((p) => p.namespace === a && p.name === b)?.host ?? noPod(c, a, b);
  if (kind === 'client') return c.clients.some((x) => x.name === a) ? a : { error: `no client named ${a} in clients:` };
  return c.nodes.some((n) => n.name === a) ? a : { error: `no node named ${a} in nodes:` };
}

/** The Service port `ns/name[:port]` names (by port name or number). */
function servicePort(ref: string, c: FlowContext): ServicePort | { error: string } {
  const [ns, rest] = [ref.slice(0, ref.indexOf('/')), ref.slice(ref.indexOf('/') + 1)];
  const [name, port] = rest.split(':');
  const skipped = c.skipped.find((s) => s.service === `${ns}/${name}`);
  if (skipped)
    return {
      error: `kube-proxy writes no rule for ${ns}/${name} (${skipped.reason === 'headless' ? 'a headless Service: clients resolve its name to pod addresses' : skipped.reason === 'external-name' ? 'an ExternalName Service: DNS answers with a CNAME' : 'it has no usable cluster IP or port'}); address a pod instead`,
    };
  const ports = c.ports.filter((p) => p.namespace === ns && p.name === name);
  if (ports.length === 0) return { error: `no Service ${ns}/${name} in objects:` };
  if (port === undefined) return ports.length === 1 ? ports[0] : { error: `Service ${ns}/${name} has ${ports.length} ports: name one (${ports.map((p) => p.portName || p.port).join(', ')})` };
  return ports.find((p) => p.portName === port || String(p.port) === port) ?? { error: `Service ${ns}/${name} has no port ${port}` };
}

function target(to: string, c: FlowContext, senderNode: string | undefined): Target {
  const m = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(to);
  if (m) return { dst: m[1], dport: Number(m[2]) };
  const [kind, ...rest] = to.split('/');
  if (kind === 'pod') {
    const [ns, nameport] = rest;
    const [name, port] = nameport.split(':');
    const pod = c.pods.find((p) => p.namespace === ns && p.name === name);
    return pod ? { dst: pod.ip, dport: Number(port) } : noPod(c, ns, name);
  }
  if (kind === 'service') {
    const sp = servicePort(rest.join('/'), c);
    if ('error' in sp) return sp;
    const onNode = senderNode && portOnNode(c, senderNode, sp);
    return { dst: sp.clusterIP, dport: sp.port, protocol: sp.protocol, ...(senderNode && onNode ? { via: { node: senderNode, sp: onNode, external: false } } : {}) };
  }
  if (kind === 'loadbalancer') return loadBalancerTarget(rest.join('/'), c);
  const node = c.nodes.find((n) => n.name === rest[0]);
  if (!node) return { error: `no node named ${rest[0]} in nodes:` };
  const sp = servicePort(rest.slice(1).join('/'), c);
  if ('error' in sp) return sp;
  if (sp.nodePort === 0) return { error: `Service ${sp.namespace}/${sp.name} port ${sp.portName || sp.port} has no nodePort (type NodePort or LoadBalancer with spec.ports[].nodePort)` };
  return { dst: node.ip, dport: sp.nodePort, protocol: sp.protocol, via: { node: node.name, sp: portOnNode(c, node.name, sp) ?? sp, external: true } };
}

/** Service port `sp` as kube-proxy on `node` sees it (its endpoints' locality differs by node). */
function portOnNode(c: FlowContext, node: string, sp: ServicePort): ServicePort | undefined {
  return c.portsOn(node).find((p) => p.svcPortName === sp.svcPortName && p.protocol === sp.protocol);
}

/**
 * `loadbalancer/NS/NAME[:PORT]`: the Service port's first load-balancer ingress IP, reached (as the
 * builder routes clients) through the first node, whose kube-proxy rules pick the endpoint.
 */
function loadBalancerTarget(ref: string, c: FlowContext): Target {
  const sp = servicePort(ref, c);
  if ('error' in sp) return sp;
  const vip = sp.loadBalancerVIPs[0];
  if (!vip) return { error: `Service ${sp.namespace}/${sp.name} has no load-balancer ingress IP (status.loadBalancer.ingress[].ip)` };
  const node = c.nodes[0].name;
  return { dst: vip, dport: sp.port, protocol: sp.protocol, via: { node, sp: portOnNode(c, node, sp) ?? sp, external: true } };
}

/** The node a sender runs on (a pod's node, a node itself), or undefined for a client. */
function nodeOf(from: string, c: FlowContext): string | undefined {
  const [kind, a, b] = from.split('/');
  if (kind === 'pod') return c.pods.find((p) => p.namespace === a && p.name === b)?.node;
  return kind === 'node' ? a : undefined;
}

/** The `choices` that pin `endpoint` (pod/NS/NAME), or an error sentence. */
function choices(endpoint: string, to: Target, c: FlowContext): Record<string, number> | { error: string } {
  if ('error' in to) return {};
  if (!to.via) return { error: 'endpoint: only applies to a flow to a Service or NodePort' };
  const [, ns, name] = endpoint.split('/');
  const pod = c.pods.find((p) => p.namespace === ns && p.name === name);
  if (!pod) return noPod(c, ns, name);
  return endpointChoice(c.mode, to.via.node, to.via.sp, to.via.external, pod.ip, c.settingsFor(to.via.node), { dst: to.dst, dport: to.dport });
}

/** The scenario flows, or an issue at each flow that names something the file does not have. */
export function resolveFlows(flows: readonly ClusterFlow[], c: FlowContext): { flows: FlowFile[]; issues: ObjectIssue[] } {
  const out: FlowFile[] = [];
  const issues: ObjectIssue[] = [];
  flows.forEach((f, i) => {
    const from = sender(f.from, c);
    const to = target(f.to, c, nodeOf(f.from, c));
    const pinned = f.endpoint ? choices(f.endpoint, to, c) : {};
    if (typeof from !== 'string') issues.push({ path: ['flows', i, 'from'], message: from.error });
    if ('error' in to) issues.push({ path: ['flows', i, 'to'], message: to.error });
    if ('error' in pinned) issues.push({ path: ['flows', i, 'endpoint'], message: pinned.error as string });
    if (typeof from !== 'string' || 'error' in to || 'error' in pinned) return;
    out.push({
      name: f.name,
      title: f.title ?? `${f.from} → ${f.to}`,
      ...(f.description ? { description: f.description } : {}),
      from,
      protocol: f.protocol ?? to.protocol ?? 'tcp',
      ...(f.sport !== undefined ? { sport: f.sport } : {}),
      ...(f.after ? { after: f.after } : {}),
      dst: to.dst,
      dport: to.dport,
      ...(Object.keys(pinned).length ? { choices: pinned as Record<string, number> } : {}),
      ...(f.narration ? { narration: f.narration } : {}),
      ...(f.expect ? { expect: f.expect } : {}),
    });
    for (const issue of expectHosts(f, c)) issues.push({ path: ['flows', i, 'expect', ...issue.path], message: issue.message });
    // Checked here, on the cluster file's own lines: the expansion must never be wrong. An earlier
    // flow that is named but could not be resolved has its own error already.
    const priorUnresolved = flows.slice(0, i).some((x) => x.name === f.after) && !out.some((x) => x.name === f.after);
    if (f.after !== undefined && !priorUnresolved) checkAfter(out[out.length - 1], out.slice(0, -1), (message) => issues.push({ path: ['flows', i, 'after'], message }));
  });
  return { flows: out, issues };
}

/** Every `host:` an expectation names that the expansion has no netns for (pods, nodes, clients). */
function expectHosts(f: ClusterFlow, c: FlowContext): { path: PropertyKey[]; message: string }[] {
  const hosts = new Set([...c.nodes.map((n) => n.name), ...c.clients.map((x) => x.name), ...c.pods.map((p) => p.host)]);
  const out: { path: PropertyKey[]; message: string }[] = [];
  for (const [dir, e] of Object.entries(f.expect ?? {}))
    for (const [kind, v] of Object.entries((e ?? {}) as Record<string, unknown>)) {
      const host = (v as { host?: unknown } | null)?.host;
      if (typeof host === 'string' && !hosts.has(host)) out.push({ path: [dir, kind, 'host'], message: `no node, client or placed pod named ${host} (pods are named by metadata.name)` });
    }
  return out;
}
