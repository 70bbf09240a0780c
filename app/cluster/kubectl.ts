/**
 * What `kubectl get nodes,pods,services,endpointslices -A -o json` (or `-o yaml`) prints, read as a
 * cluster file's objects: a `kind: List` is flattened into its items; Nodes give the cluster's nodes
 * (InternalIP and spec.podCIDR) when the file has no `nodes:`; legacy v1 Endpoints become the
 * EndpointSlices the EndpointSliceMirroring controller writes for them, when a Service has no slice
 * of its own; and Pods that are no netns of their own, or none yet, are left out with the reason
 * (host-network Pods live in their node's netns; unscheduled and finished Pods have no sandbox).
 */
import * as z from 'zod/mini';
import { SERVICE_NAME_LABEL, type EndpointSlice } from './kube-proxy/objects';
import { dns1035Label, dnsLabel, dnsSubdomain, portName } from './k8s-names';
import type { ObjectIssue } from './model';

/** A manifest and its path in the cluster file (`objects[i]`, or `objects[i].items[j]` inside a List). */
export interface PlacedObject {
  readonly object: { readonly kind: string } & Readonly<Record<string, unknown>>;
  readonly path: readonly PropertyKey[];
  /** It came from a List (kubectl's output): kinds the builder does not read are skipped, not refused. */
  readonly listed: boolean;
}

/** `objects:` with every List's items in its place. */
export function flattenLists(objects: readonly { kind: string }[]): PlacedObject[] {
  return objects.flatMap((o, i): PlacedObject[] => {
    const items = (o as { items?: unknown }).items;
    if (o.kind !== 'List' || !Array.isArray(items)) return [{ object: o as PlacedObject['object'], path: ['objects', i], listed: false }];
    return items.map((item, j) => ({ object: (item ?? { kind: '' }) as PlacedObject['object'], path: ['objects', i, 'items', j], listed: true }));
  });
}

/** A v1 Node as kubectl prints it (the fields the builder reads). */
export const nodeSchema = z.looseObject({
  kind: z.literal('Node'),
  metadata: z.looseObject({ name: dnsSubdomain }),
  spec: z.optional(z.looseObject({ podCIDR: z.optional(z.string()) })),
  status: z.optional(z.looseObject({ addresses: z.optional(z.array(z.looseObject({ type: z.string(), address: z.string() }))) })),
});

const address = z.looseObject({
  ip: z.string(),
  nodeName: z.optional(z.string()),
  targetRef: z.optional(z.looseObject({ kind: z.optional(z.string()), name: z.optional(z.string()), namespace: z.optional(z.string()) })),
});

/** A v1 Endpoints object (the legacy form of EndpointSlices). */
export const endpointsSchema = z.looseObject({
  kind: z.literal('Endpoints'),
  metadata: z.looseObject({ name: dns1035Label, namespace: z.optional(dnsLabel) }),
  subsets: z.optional(
    z.nullable(
      z.array(
        z.looseObject({
          addresses: z.optional(z.nullable(z.array(address))),
          notReadyAddresses: z.optional(z.nullable(z.array(address))),
          ports: z.optional(z.nullable(z.array(z.looseObject({ name: z.optional(portName), port: z.number(), protocol: z.optional(z.enum(['TCP', 'UDP', 'SCTP'])) })))),
        }),
      ),
    ),
  ),
});

export type NodeObject = z.infer<typeof nodeSchema>;
export type EndpointsObject = z.infer<typeof endpointsSchema>;

/** A node of the cluster file (`nodes:` entry) made from a Node object. */
export interface NodeEntry {
  readonly name: string;
  readonly address: string;
  readonly podCIDR: string;
}

/**
 * The nodes of `objects`' Node manifests: InternalIP with the LAN's prefix (`lanPrefix`, from
 * network.lan, else 24), and spec.podCIDR.
 */
export function nodesFromObjects(nodes: readonly { node: NodeObject; path: readonly PropertyKey[] }[], lanPrefix: number): { nodes: NodeEntry[]; issues: ObjectIssue[] } {
  const out: NodeEntry[] = [];
  const issues: ObjectIssue[] = [];
  for (const { node, path } of nodes) {
    const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP' && /^\d+\.\d+\.\d+\.\d+$/.test(a.address))?.address;
    const podCIDR = node.spec?.podCIDR;
    if (!ip) issues.push({ path: [...path, 'status', 'addresses'], message: `Node ${node.metadata.name} has no IPv4 InternalIP in status.addresses` });
    else if (!podCIDR || !podCIDR.includes('.'))
      issues.push({
        path: [...path, 'spec', 'podCIDR'],
        message: `Node ${node.metadata.name} has no IPv4 spec.podCIDR: give the cluster file a nodes: list with each node's pod CIDR (its Calico block or flannel subnet)`,
      });
    else out.push({ name: node.metadata.name, address: `${ip}/${lanPrefix}`, podCIDR });
  }
  return { nodes: out, issues };
}

/**
 * The EndpointSlices the mirroring controller writes for Endpoints objects whose Service has no
 * slice (pkg/controller/endpointslicemirroring): one per subset, ready addresses and not-ready ones.
 */
export function mirroredSlices(endpoints: readonly EndpointsObject[], slices: readonly EndpointSlice[]): EndpointSlice[] {
  const have = new Set(slices.map((s) => `${s.metadata.namespace ?? 'default'}/${s.metadata.labels?.[SERVICE_NAME_LABEL]}`));
  return endpoints.flatMap((e) => {
    const ns = e.metadata.namespace ?? 'default';
    if (have.has(`${ns}/${e.metadata.name}`)) return [];
    return (e.subsets ?? []).map((subset, i): EndpointSlice => ({
      metadata: { name: `${e.metadata.name}-mirror-${i}`, namespace: ns, labels: { [SERVICE_NAME_LABEL]: e.metadata.name } },
      addressType: 'IPv4',
      endpoints: [...(subset.addresses ?? []).map((a) => ({ a, ready: true })), ...(subset.notReadyAddresses ?? []).map((a) => ({ a, ready: false }))].map(({ a, ready }) => ({
        addresses: [a.ip],
        conditions: { ready },
        ...(a.nodeName ? { nodeName: a.nodeName } : {}),
        ...(a.targetRef ? { targetRef: a.targetRef } : {}),
      })),
      ports: (subset.ports ?? []).map((p) => ({ name: p.name ?? '', protocol: p.protocol ?? 'TCP', port: p.port })),
    }));
  });
}

/**
 * Why a Pod gets no netns of its own, or undefined when it does. A host-network Pod never does;
 * unscheduled and finished ones are left out only from kubectl's output (`listed`): written by
 * hand, a Pod without a node is an error.
 */
export function podLeftOut(o: Readonly<Record<string, unknown>>, listed: boolean): string | undefined {
  const spec = (o.spec ?? {}) as { hostNetwork?: boolean; nodeName?: string };
  const phase = ((o.status ?? {}) as { phase?: string }).phase;
  if (spec.hostNetwork) return "host network: it runs in its node's netns";
  if (!listed) return undefined;
  if (!spec.nodeName) return 'not scheduled to a node';
  if (phase === 'Succeeded' || phase === 'Failed') return `${phase}: its sandbox is gone`;
  return undefined;
}
