/**
 * The manifests of a cluster file, sorted by kind and checked with their schemas: Pods, Services,
 * EndpointSlices, and what kubectl prints beside them (Lists, Nodes, Endpoints: ./kubectl.ts). A Service with a selector and no EndpointSlice of its own gets the slice the
 * EndpointSlice controller would write (pkg/controller/endpointslice): one endpoint per Pod whose
 * labels match, on the Pod's node, ready, with each Service port's targetPort resolved (a number,
 * or a container port's name; absent: the Service port), each endpoint's targetRef naming its Pod.
 * Such a slice carries `derived: true` (not a Kubernetes field), so provenance names the Pod instead.
 */
import type * as z from 'zod/mini';
import { endpointSliceSchema, serviceSchema, SERVICE_NAME_LABEL, type EndpointSlice, type Service } from './kube-proxy/objects';
import { podSchema, type Pod } from './schema';
import { endpointsSchema, flattenLists, mirroredSlices, nodeSchema, podLeftOut, type EndpointsObject, type NodeObject } from './kubectl';

export type { ObjectIssue } from './model';
import type { ObjectIssue } from './model';

/** The checked manifests. */
export interface ClusterObjects {
  readonly pods: Pod[];
  /** Where each of `pods` is in the file. */
  readonly podPaths: (readonly PropertyKey[])[];
  readonly services: Service[];
  /** The file's EndpointSlices, and those mirrored from its Endpoints objects. */
  readonly slices: EndpointSlice[];
  /** Node manifests (kubectl's output), with their paths. */
  readonly nodes: { node: NodeObject; path: readonly PropertyKey[] }[];
  /** What was read but gets no netns or rule, and why (`Pod kube-system/kube-proxy-x: host network …`). */
  readonly leftOut: string[];
  /** Sockets host-network Pods listen on in their node's netns (`tcp/6443`), by node name. */
  readonly hostListeners: Map<string, string[]>;
}

const SCHEMAS: Readonly<Record<string, z.ZodMiniType>> = { Pod: podSchema, Service: serviceSchema, EndpointSlice: endpointSliceSchema, Node: nodeSchema, Endpoints: endpointsSchema };

const nameOf = (o: Readonly<Record<string, unknown>>) => {
  const m = (o.metadata ?? {}) as { name?: string; namespace?: string };
  return `${m.namespace ? `${m.namespace}/` : ''}${m.name ?? '?'}`;
};

/**
 * Splits and checks `objects` (the cluster file's `objects:` list; a List's items are read in its
 * place). A kind the builder does not read is an error where written by hand, and left out (and
 * listed) inside a List, as kubectl prints whatever it was asked for.
 */
export function readObjects(objects: readonly { kind: string }[]): { objects: ClusterObjects; issues: ObjectIssue[] } {
  const out: ClusterObjects = { pods: [], podPaths: [], services: [], slices: [], nodes: [], leftOut: [], hostListeners: new Map() };
  const endpoints: EndpointsObject[] = [];
  const issues: ObjectIssue[] = [];
  for (const { object: o, path, listed } of flattenLists(objects)) {
    const schema = SCHEMAS[o.kind];
    if (!schema) {
      if (listed) out.leftOut.push(`${o.kind} ${nameOf(o)}: not read by the cluster builder`);
      else issues.push({ path: [...path, 'kind'], message: `kind ${o.kind} is not read by the cluster builder (it reads Pod, Service, EndpointSlice, Endpoints, Node, and List)` });
      continue;
    }
    const leftOut = o.kind === 'Pod' ? podLeftOut(o, listed) : undefined;
    if (leftOut) {
      out.leftOut.push(`Pod ${nameOf(o)}: ${leftOut}`);
      addHostListeners(out.hostListeners, o);
      continue;
    }
    const r = schema.safeParse(o);
    if (!r.success) {
      for (const iss of r.error.issues) issues.push({ path: [...path, ...iss.path], message: iss.message.replace(/^Invalid input: /, '') });
      continue;
    }
    if (o.kind === 'Pod') {
      out.pods.push(r.data as Pod);
      out.podPaths.push(path);
    } else if (o.kind === 'Service') out.services.push(r.data as Service);
    else if (o.kind === 'Node') out.nodes.push({ node: r.data as NodeObject, path });
    else if (o.kind === 'Endpoints') endpoints.push(r.data as EndpointsObject);
    else out.slices.push(r.data as EndpointSlice);
  }
  out.slices.push(...mirroredSlices(endpoints, out.slices));
  return { objects: out, issues };
}

/** A host-network Pod's declared container ports, as listeners of its node. */
function addHostListeners(to: Map<string, string[]>, o: Readonly<Record<string, unknown>>): void {
  const spec = (o.spec ?? {}) as { hostNetwork?: boolean; nodeName?: string; containers?: { ports?: { containerPort?: number; protocol?: string }[] }[] };
  if (!spec.hostNetwork || !spec.nodeName) return;
  const list = to.get(spec.nodeName) ?? [];
  for (const c of spec.containers ?? []) for (const p of c.ports ?? []) if (typeof p.containerPort === 'number') list.push(`${(p.protocol ?? 'TCP').toLowerCase()}/${p.containerPort}`);
  to.set(spec.nodeName, list);
}

/** The container port a Service's targetPort names on `pod`, or undefined. */
function targetPort(pod: Pod, target: number | string | undefined, port: number): number | undefined {
  if (target === undefined) return port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

/**
 * The EndpointSlices the controller would write for Services with a selector and no slice given
 * (pods need their addresses by then).
 */
export function derivedSlices(o: ClusterObjects): EndpointSlice[] {
  const given = new Set(o.slices.map((s) => `${s.metadata.namespace ?? 'default'}/${s.metadata.labels?.[SERVICE_NAME_LABEL]}`));
  const out: EndpointSlice[] = [];
  for (const s of o.services) {
    const ns = s.metadata.namespace ?? 'default';
    const selector = s.spec.selector;
    if (!selector || Object.keys(selector).length === 0 || given.has(`${ns}/${s.metadata.name}`)) continue;
    const pods = o.pods.filter((p) => (p.metadata.namespace ?? 'default') === ns && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.podIP);
    // One slice per resolved port set, as the controller groups endpoints by their ports.
    for (const sp of s.spec.ports ?? []) {
      const endpoints = pods.flatMap((p) => (targetPort(p, sp.targetPort, sp.port) === undefined ? [] : [{ pod: p, port: targetPort(p, sp.targetPort, sp.port)! }]));
      for (const port of [...new Set(endpoints.map((e) => e.port))])
        out.push({
          metadata: { name: `${s.metadata.name}-${sp.name ?? 'port'}-${port}`, namespace: ns, labels: { [SERVICE_NAME_LABEL]: s.metadata.name } },
          derived: true,
          addressType: 'IPv4',
          endpoints: endpoints
            .filter((e) => e.port === port)
            .map((e) => ({ addresses: [e.pod.status!.podIP!], nodeName: e.pod.spec.nodeName, conditions: { ready: true }, targetRef: { kind: 'Pod', name: e.pod.metadata.name, namespace: ns } })),
          ports: [{ name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port }],
        });
    }
  }
  return out;
}
