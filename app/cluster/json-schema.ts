/** The JSON Schema of the cluster file format (`kind: Cluster`), generated from the zod schema (zod's `toJSONSchema`). */
import * as z from 'zod/mini';
import { clusterSchema } from './schema';

/** Returns the JSON Schema (draft 2020-12) for cluster files. */
export function clusterJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(clusterSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://packetwalk.dev/schema/cluster.schema.json',
    title: 'PacketWalk cluster file v1',
    description: 'Nodes, a CNI, kube-proxy settings, Kubernetes manifests and flows; PacketWalk expands it into a scenario. See docs/cluster-format.md.',
  };
}
