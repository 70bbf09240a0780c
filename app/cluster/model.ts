/**
 * What the cluster builder works from once the file is read: nodes with their addresses, pods with
 * their node, address and listening ports, and the generated scenario's host entries.
 */
import type { Because } from './because';
import type { HostFile } from '../scenario/schema';

/** A problem with one manifest, at its path in the cluster file. */
export interface ObjectIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** A node of the cluster. */
export interface ClusterNode {
  readonly name: string;
  /** The node's LAN address and prefix length, e.g. 192.168.26.103/24. */
  readonly cidr: string;
  readonly ip: string;
  /** The node's pod addresses (Calico block or flannel subnet), e.g. 10.244.1.0/24. */
  readonly podCIDR: string;
}

/** A pod as the builder places it. */
export interface ClusterPod {
  readonly namespace: string;
  readonly name: string;
  /** The scenario host (netns) name. */
  readonly host: string;
  readonly node: string;
  readonly ip: string;
  /** `tcp/80`-style sockets its containers listen on (containerPort). */
  readonly listeners: readonly string[];
  readonly containers: readonly { readonly name: string; readonly image?: string }[];
}

/** A scenario host entry with a comment saying what produced it. */
export interface GeneratedHost {
  readonly host: HostFile;
  readonly because: string;
  /** Why each of its generated rules and elements exists (../because.ts provenanceKey). */
  readonly provenance?: Readonly<Record<string, Because>>;
}

/** The LAN NIC `eth0` of a node or client at `cidr` (`a.b.c.d/len`) on `segment`. */
export function lanInterface(cidr: string, segment: string) {
  return { name: 'eth0', type: 'ethernet' as const, segment, mac: macFor([0x52, 0x54, 0x00], cidr.split('/')[0]), addresses: [cidr] };
}

/** The kernel's connected route to the LAN prefix `lan` for a host at `ip`. */
export const lanRoute = (lan: string, ip: string): string => `${lan} dev eth0 proto kernel scope link src ${ip}`;

/** A MAC address from a prefix and the last bytes of an IPv4 address (stable for the same input). */
export function macFor(prefix: readonly number[], ip: string): string {
  const bytes = ip.split('.').map(Number);
  return [...prefix, ...bytes.slice(bytes.length - (6 - prefix.length))].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The fields every node's root netns of the expansion shares, whatever the CNI: its name, kind and title. */
export function nodeHostBase(node: ClusterNode) {
  return { name: node.name, kind: 'node' as const, title: `${node.name} (${node.ip})` };
}

/**
 * The fields every pod netns of the expansion shares, whatever the CNI: its name, node, title,
 * containers and listening sockets. The CNI adds eth0 and the routes.
 */
export function podHostBase(pod: ClusterPod) {
  return {
    name: pod.host,
    kind: 'pod' as const,
    node: pod.node,
    title: `${pod.namespace}/${pod.name} (${pod.ip})`,
    ...(pod.containers.length ? { containers: pod.containers.map((c) => ({ name: c.name, ...(c.image ? { image: c.image } : {}) })) } : {}),
    ...(pod.listeners.length ? { listeners: [...pod.listeners] } : {}),
  };
}
