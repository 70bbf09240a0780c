/**
 * Captures in, a scenario out: every captured network namespace of every node becomes a host (the
 * root netns the node, the others its pods or containers, named from kubectl's Pods when their
 * address matches), veth pairs are joined across namespaces, NICs meet on segments (a test lab's
 * switch netns, else their subnet), and the routes, neighbours, FDB, sysctls, listeners and
 * packet-filter state are carried over as the text the scenario format reads. What the engine does
 * not model is listed in the notes and in `leftOut`, never dropped unsaid (docs/import.md).
 */
import type { HostFile, ScenarioFile } from '../scenario/schema';
import type { Capture, CapturedNetns } from './capture';
import { interfacesOf, isSwitchNetns, type LeftOut, type NetnsView } from './devices';
import { fdbLines, neighLines, routeLines, ruleLines } from './ip-lines';
import { filterFields, listenersOf, sysctlsOf } from './netfilter';
import { podsByAddress, type PodRef } from './pods';

/** One capture file with its name. */
export interface CaptureFile {
  readonly file: string;
  readonly capture: Capture;
}

/** Options of {@link importCaptures}. */
export interface ImportOptions {
  /** Host names for named namespaces (`ip netns` name → host), e.g. a test lab's logical names. */
  readonly names?: Readonly<Record<string, string>>;
  /** Fields to set on a host after import (by host name), e.g. the lab's kinds and listeners. */
  readonly overrides?: Readonly<Record<string, Partial<HostFile>>>;
  /** kubectl's output (`kubectl get nodes,pods,services,endpointslices -A -o json`), to name pods. */
  readonly kubectl?: unknown;
  /** The scenario title (default: the nodes' names). */
  readonly title?: string;
}

/** The imported scenario, a comment per host (where it came from), and what was left out. */
export interface Imported {
  readonly scenario: ScenarioFile;
  readonly comments: readonly string[];
  /** Where each host (same order as `scenario.hosts`) came from: capture file, node and netns. */
  readonly origins: readonly HostOrigin[];
  readonly leftOut: readonly LeftOut[];
}

/** The capture file, node and netns (`root`, `name:NAME`, `pid:PID`) an imported host came from. */
export interface HostOrigin {
  readonly file: string;
  readonly node: string;
  readonly netns: string;
}

const NAME_OK = /^[A-Za-z0-9][A-Za-z0-9._@:-]*$/;
const safeName = (s: string) => (NAME_OK.test(s) ? s : s.replace(/[^A-Za-z0-9._@:-]/g, '-').replace(/^[^A-Za-z0-9]+/, 'ns'));

function hostName(c: CaptureFile, ns: CapturedNetns, pods: ReadonlyMap<string, PodRef>, o: ImportOptions): { name: string; pod?: PodRef } {
  if (ns.ref === 'root') return { name: safeName(c.capture.node) };
  if (ns.ref.startsWith('name:') && o.names?.[ns.ref.slice(5)] !== undefined) return { name: o.names[ns.ref.slice(5)] };
  const pod = (ns.addr ?? [])
    .flatMap((a) => (a.addr_info ?? []).map((x) => x.local))
    .map((ip) => (ip ? pods.get(ip) : undefined))
    .find((p) => p);
  if (pod) return { name: safeName(pod.name), pod };
  if (ns.ref.startsWith('name:')) return { name: safeName(ns.ref.slice(5)) };
  return { name: safeName(`${c.capture.node}-${ns.ref.replace(':', '')}`) };
}

/** The namespaces of every capture with their host names (unique across nodes). */
/** A namespace with the Pod it holds and whether its node's iptables is the nf_tables variant. */
type View = NetnsView & { readonly pod?: PodRef; readonly iptablesNft: boolean };

function views(captures: readonly CaptureFile[], o: ImportOptions): View[] {
  const pods = podsByAddress([o.kubectl, ...captures.map((c) => c.capture.kubectl)]);
  const used = new Set<string>();
  const out: View[] = [];
  for (const c of captures) {
    const iptablesNft = /nf_tables/.test(c.capture.tools?.['iptables-save'] ?? '');
    for (const ns of c.capture.namespaces) {
      const h = hostName(c, ns, pods, o);
      let name = h.name;
      for (let k = 2; used.has(name); k++) name = `${h.name}@${c.capture.node}${k > 2 ? k : ''}`;
      used.add(name);
      out.push({ file: c.file, node: c.capture.node, ns, host: name.startsWith('~') ? name.slice(1) : name, isSwitch: isSwitchNetns(ns), iptablesNft, ...(h.pod ? { pod: h.pod } : {}) });
    }
  }
  return out;
}

/** Imports `captures` into one scenario. Never throws on captured content. */
export function importCaptures(captures: readonly CaptureFile[], o: ImportOptions = {}): Imported {
  const all = views(captures, o);
  const hosts: HostFile[] = [];
  const comments: string[] = [];
  const origins: HostOrigin[] = [];
  const leftOut: LeftOut[] = [];
  for (const v of all) {
    if (v.isSwitch) continue;
    const { interfaces, left } = interfacesOf(v, all);
    leftOut.push(...left);
    const where = v.host;
    const devices = new Set(interfaces.map((i) => i.name));
    const ownMacs = new Set((v.ns.link ?? []).map((l) => (l.address ?? '').toLowerCase()));
    const vxlanPorts = new Set(interfaces.flatMap((i) => (i.type === 'vxlan' ? [i.dstport ?? 8472] : [])));
    // A line on a device that was left out would not load: it is left out too, and listed.
    const onKnownDevice = (what: string) => (line: string) => {
      const dev = /\bdev (\S+)/.exec(line)?.[1];
      if (dev === undefined || devices.has(dev)) return true;
      leftOut.push({ where, what: `${what} "${line}": its device ${dev} was left out` });
      return false;
    };
    const routes = routeLines(v.ns, where, leftOut).filter(onKnownDevice('route'));
    const rules = ruleLines(v.ns, where, leftOut);
    const neigh = neighLines(v.ns).filter(onKnownDevice('neighbour'));
    const fdb = fdbLines(v.ns, ownMacs).filter(onKnownDevice('FDB entry'));
    const sysctls = sysctlsOf(v.ns, devices);
    const listeners = listenersOf(v.ns, vxlanPorts);
    const first = interfaces.find((i) => i.type !== 'loopback' && i.addresses?.length)?.addresses?.[0]?.split('/')[0];
    const root = v.ns.ref === 'root';
    const host: HostFile = {
      name: v.host,
      kind: root ? 'node' : v.pod ? 'pod' : 'container',
      title: `${v.pod ? `${v.pod.namespace}/${v.pod.name}` : v.host}${first ? ` (${first})` : ''}`,
      ...(root ? {} : { node: safeName(v.pod?.node ?? v.node) }),
      ...(listeners.length ? { listeners } : {}),
      interfaces,
      ...(routes.length ? { routes: `${routes.join('\n')}\n` } : {}),
      ...(rules ? { rules: `${rules.join('\n')}\n` } : {}),
      ...(neigh.length ? { neighbors: `${neigh.join('\n')}\n` } : {}),
      ...(fdb.length ? { fdb: `${fdb.join('\n')}\n` } : {}),
      ...(Object.keys(sysctls).length ? { sysctls } : {}),
      ...filterFields(v.ns, v.iptablesNft, where, leftOut),
      ...o.overrides?.[v.host],
    };
    for (const [what, err] of Object.entries(v.ns.errors ?? {})) leftOut.push({ where, what: `${what}: ${err.trim()}` });
    hosts.push(host);
    comments.push(`from ${v.file}: node ${v.node}, netns ${v.ns.ref} (inode ${v.ns.inode})`);
    origins.push({ file: v.file, node: v.node, netns: v.ns.ref });
  }
  // A node's root netns is the node its other namespaces run on; without it (a lab's namespaces),
  // each netns is a machine of its own.
  // Pods last: the node kubectl names may be such a machine.
  for (const pods of [false, true]) {
    const nodes = new Set(hosts.filter((h) => h.kind === 'node').map((h) => h.name));
    for (const h of hosts)
      if ((h.kind === 'pod') === pods && h.node && !nodes.has(h.node)) {
        delete (h as { node?: string }).node;
        if (!o.overrides?.[h.name]?.kind) (h as { kind: HostFile['kind'] }).kind = 'node';
      }
  }
  const segments = [...new Set(hosts.flatMap((h) => (h.interfaces ?? []).flatMap((i) => (i.type === 'ethernet' ? [i.segment] : []))))];
  const notes = [
    `Imported from ${captures.map((c) => `${c.file} (node ${c.capture.node}${c.capture.capturedAt ? `, captured ${c.capture.capturedAt}` : ''}${c.capture.kernel ? `, kernel ${c.capture.kernel}` : ''}${c.capture.redacted ? ', redacted' : ''})`).join(', ')} by PacketWalk's importer.`,
    ...captures.filter((c) => c.capture.missing?.length).map((c) => `${c.capture.node} had no ${c.capture.missing!.join(', ')}: what they show was not captured.`),
    ...captures.flatMap((c) => (c.capture.skipped ?? []).map((s) => `${c.capture.node}: ${s}.`)),
    ...leftOut.map((l) => `Left out at ${l.where}: ${l.what}.`),
  ];
  const scenario: ScenarioFile = {
    version: 1,
    metadata: { title: o.title ?? `Captured: ${captures.map((c) => c.capture.node).join(', ')}`, notes },
    ...(segments.length ? { segments: segments.map((s) => (s.startsWith('net-') ? { name: s, title: s.slice(4).replace('_', '/') } : { name: s })) } : {}),
    hosts,
  };
  return { scenario, comments, origins, leftOut };
}
