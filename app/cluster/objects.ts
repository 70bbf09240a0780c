/**
 * The manifests of a cluster file, sorted by kind and checked with their schemas: Pods, Services
 * and EndpointSlices. A Service with a selector and no EndpointSlice of its own gets the slice the
 * EndpointSlice controller would write (pkg/controller/endpointslice): one endpoint per Pod whose
 * labels match, on the Pod's node, ready, with each Service port's targetPort resolved (a number,
 * or a container port's name; absent: the Service port), each endpoint's targetRef naming its Pod.
 * Such a slice carries `derived: true` (not a Kubernetes field), so provenance names the Pod instead.
 */
import type * as z from 'zod/mini';
import { endpointSliceSchema, serviceSchema, SERVICE_NAME_LABEL, type EndpointSlice, type Service } from './kube-proxy/objects';
import { podSchema, type Pod } from './schema';

/** A problem with one manifest, at its path in the cluster file. */
export interface ObjectIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The checked manifests. */
export interface ClusterObjects {
  readonly pods: Pod[];
  readonly services: Service[];
  readonly slices: EndpointSlice[];
}

const SCHEMAS: Readonly<Record<string, z.ZodMiniType>> = { Pod: podSchema, Service: serviceSchema, EndpointSlice: endpointSliceSchema };

/** Splits and checks `objects` (the cluster file's `objects:` list). */
export function readObjects(objects: readonly { kind: string }[]): { objects: ClusterObjects; issues: ObjectIssue[] } {
  const out: ClusterObjects = { pods: [], services: [], slices: [] };
  const issues: ObjectIssue[] = [];
  objects.forEach((o, i) => {
    const schema = SCHEMAS[o.kind];
    if (!schema) {
      issues.push({ path: ['objects', i, 'kind'], message: `kind ${o.kind} is not read by the cluster builder (it reads Pod, Service and EndpointSlice)` });
      return;
    }
    const r = schema.safeParse(o);
    if (!r.success) {
      for (const iss of r.error.issues) issues.push({ path: ['objects', i, ...iss.path], message: iss.message.replace(/^Invalid input: /, '') });
      return;
    }
    if (o.kind === 'Pod') out.pods.push(r.data as Pod);
    else if (o.kind === 'Service') out.services.push(r.data as Service);
    else out.slices.push(r.data as EndpointSlice);
  });
  return { objects: out, issues };
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
          endpoints: endpoints.filter((e) => e.port === port).map((e) => ({ addresses: [e.pod.status!.podIP!], nodeName: e.pod.spec.nodeName, conditions: { ready: true }, targetRef: { kind: 'Pod', name: e.pod.metadata.name, namespace: ns } })),
          ports: [{ name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port }],
        });
    }
  }
  return out;
}
