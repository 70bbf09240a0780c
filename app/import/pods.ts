/**
 * Names for captured namespaces from kubectl's Pods: `kubectl get pods -A -o json` (or the
 * `nodes,pods,services,endpointslices` List) gives each running Pod's `status.podIP`; the netns
 * holding that address is the Pod's. Host-network Pods share the node's netns and name nothing.
 */
import * as z from 'zod/mini';

/** A Pod a netns is named after. */
export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
}

const pod = z.looseObject({
  kind: z.literal('Pod'),
  metadata: z.looseObject({ name: z.string(), namespace: z.optional(z.string()) }),
  spec: z.optional(z.looseObject({ nodeName: z.optional(z.string()), hostNetwork: z.optional(z.boolean()) })),
  status: z.optional(z.looseObject({ podIP: z.optional(z.string()) })),
});

/** Every object of `data`: a List's items, an array's elements, or the object itself. */
function objects(data: unknown): unknown[] {
  if (Array.isArray(data)) return data.flatMap(objects);
  if (data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items)) return (data as { items: unknown[] }).items.flatMap(objects);
  return data === undefined || data === null ? [] : [data];
}

/** Pod IP → Pod, over every kubectl output given (undefined entries are skipped). */
export function podsByAddress(outputs: readonly unknown[]): Map<string, PodRef> {
  const out = new Map<string, PodRef>();
  for (const o of outputs.flatMap(objects)) {
    const p = pod.safeParse(o);
    if (!p.success || p.data.spec?.hostNetwork || !p.data.status?.podIP) continue;
    out.set(p.data.status.podIP, { namespace: p.data.metadata.namespace ?? 'default', name: p.data.metadata.name, ...(p.data.spec?.nodeName ? { node: p.data.spec.nodeName } : {}) });
  }
  return out;
}
