/**
 * Family 2: names drawn from `Object.prototype` injected in every name position of a small
 * scenario (hosts, interfaces, veth peers, segments, bridge ports, VXLAN underlay, routes,
 * neighbours, FDB, flows, `choices` keys, expectations, iptables tables and chains, sysctl keys,
 * listeners, containers, layout, captions) and used as YAML keys. A case either renames one role
 * consistently everywhere (the file must then load, when the name is a valid name, and the flow
 * must end exactly where it ends with ordinary names), or puts a prototype name in a single
 * position or key (any positioned error or Trace is fine, an exception is not).
 */
import type { Expectation } from './check';
import type { Rng } from './rng';

/** Names of Object.prototype members (and a few that name-keyed code often trips on). */
export const PROTO_NAMES: readonly string[] = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'prototype',
  'length',
  'then',
  'toJSON',
];

/** The ordinary name of each role; a key `{{role.pos}}` in the template is one position of it. */
const ROLES: Record<string, string> = {
  hostA: 'node1',
  hostB: 'client',
  hostP: 'pod1',
  ethA: 'eth0',
  ethB: 'ens33',
  vA: 'veth1',
  vP: 'eth1',
  seg: 'lan',
  br: 'br0',
  port: 'dummy1',
  flow: 'to-service',
  flow2: 'pod-ping',
  chain: 'KUBE-SVC-X',
  ctr: 'app',
  vx: 'vx0',
};

const TEMPLATE = `version: 1
metadata:
  title: prototype names
segments:
  - name: {{seg.def}}
hosts:
  - name: {{hostA.def}}
    kind: node
    listeners: [tcp/80]
    interfaces:
      - name: {{ethA.def}}
        type: ethernet
        segment: {{seg.ref}}
        mac: 02:00:00:00:00:01
        addresses: [10.0.0.1/24]
      - name: {{vA.def}}
        type: veth
        mac: 02:00:00:00:01:01
        addresses: [10.1.0.1/24]
        peer: {{hostP.peer}}/{{vP.peer}}
      - name: {{port.def}}
        type: dummy
      - name: {{br.def}}
        type: bridge
        mac: 02:00:00:00:02:01
        ports: [{{port.ports}}]
      - name: {{vx.def}}
        type: vxlan
        mac: 02:00:00:00:03:01
        vni: 7
        local: 10.0.0.1
        dev: {{ethA.vxdev}}
    routes: |
      10.1.0.2 dev {{vA.route}} scope link
    neighbors: |
      10.0.0.2 dev {{ethA.neigh}} lladdr 02:00:00:00:00:02 PERMANENT
    fdb: |
      02:00:00:00:09:09 dev {{vx.fdb}} dst 10.0.0.2 self permanent
    sysctls:
      net.ipv4.ip_forward: 1
      net.ipv4.conf.{{ethA.sysctl}}.rp_filter: 0
    iptables: |
      *nat
      :PREROUTING ACCEPT [0:0]
      :INPUT ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      :{{chain.def}} - [0:0]
      -A PREROUTING -d 10.96.0.10/32 -i {{ethA.rule}} -p tcp -m tcp --dport 80 -j {{chain.jump}}
      -A {{chain.rule}} -p tcp -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.0.0.2:80
      -A {{chain.rule2}} -p tcp -j DNAT --to-destination 10.1.0.2:80
      COMMIT
  - name: {{hostB.def}}
    kind: external
    interfaces:
      - name: {{ethB.def}}
        type: ethernet
        segment: {{seg.ref2}}
        mac: 02:00:00:00:00:02
        addresses: [10.0.0.2/24]
    routes: |
      default via 10.0.0.1 dev {{ethB.route}}
  - name: {{hostP.def}}
    kind: pod
    node: {{hostA.node}}
    containers:
      - name: {{ctr.def}}
    listeners: [tcp/80]
    interfaces:
      - name: {{vP.def}}
        type: veth
        mac: 02:00:00:00:01:02
        addresses: [10.1.0.2/24]
        peer: {{hostA.peer}}/{{vA.peer}}
    routes: |
      default via 10.1.0.1 dev {{vP.route}}
flows:
  - name: {{flow.def}}
    from: {{hostB.from}}
    protocol: tcp
    dst: 10.96.0.10
    dport: 80
    choices:
      {{hostA.choice}}/nat/{{chain.choice}}: 2
    narration:
      intro: { en: intro, zh: intro }
      captions:
        - match: { netns: {{hostA.caption}}, chain: {{chain.caption}} }
          text: { en: DNAT, zh: DNAT }
    expect:
      request:
        delivered: { host: {{hostP.expect}}, interface: {{vP.expect}}, dst: 10.1.0.2, dport: 80 }
  - name: {{flow2.def}}
    from: {{hostP.from}}
    protocol: icmp
    dst: 10.0.0.2
layout:
  order: [{{hostB.layout}}, {{hostA.layout}}, {{hostP.layout}}]
`;

/** Names the schema accepts (the loader must accept a consistent renaming to such a name). */
const VALID = /^[A-Za-z0-9][A-Za-z0-9._@:-]*$/;
const IFACE_ROLES = new Set(['ethA', 'ethB', 'vA', 'vP', 'br', 'port', 'vx']);

function fill(rename: (role: string, pos: string) => string): string {
  return TEMPLATE.replace(/\{\{(\w+)\.(\w+)\}\}/g, (_, role: string, pos: string) => rename(role, pos));
}

/** The template with ordinary names: it loads and its first flow is delivered to the pod. */
export function baseNamesScenario(): string {
  return fill((role) => ROLES[role]);
}

/** Places where a YAML key may be a prototype name (line pattern to insert after, indent). */
const KEY_SPOTS: readonly [RegExp, string][] = [
  [/^version: 1$/m, ''],
  [/^ {4}kind: node$/m, '    '],
  [/^ {8}type: ethernet$/m, '        '],
  [/^ {6}net\.ipv4\.ip_forward: 1$/m, '      '],
  [/^ {6}\S+\/nat\/\S+: 2$/m, '      '],
  [/^ {4}protocol: tcp$/m, '    '],
  [/^ {8}delivered: .*$/m, '        '],
  [/^ {2}title: prototype names$/m, '  '],
];

/** One family-2 case: text and what it must do. */
export function protoNameCase(r: Rng): { text: string; expect?: Expectation; label: string } {
  const proto = r.pick(PROTO_NAMES);
  const mode = r.int(10);
  if (mode < 4) {
    const role = r.pick(Object.keys(ROLES));
    const text = fill((ro) => (ro === role ? proto : ROLES[ro]));
    const delivered = (host: string) => ({ result: 'delivered', netns: host === role ? proto : ROLES[host] });
    const flowOk = role.startsWith('flow') ? /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(proto) : true;
    const valid = VALID.test(proto) && flowOk && !(IFACE_ROLES.has(role) && proto.length > 15);
    return { text, label: `consistent ${role}=${proto}`, expect: valid ? { load: true, requests: [delivered('hostP'), delivered('hostB')] } : undefined };
  }
  if (mode < 8) {
    const positions = [...TEMPLATE.matchAll(/\{\{(\w+\.\w+)\}\}/g)].map((m) => m[1]);
    const where = new Set([r.pick(positions), ...(r.chance(0.3) ? [r.pick(positions)] : [])]);
    const text = fill((role, pos) => (where.has(`${role}.${pos}`) ? proto : ROLES[role]));
    return { text, label: `single ${[...where].join(',')}=${proto}` };
  }
  const base = baseNamesScenario();
  const [re, indent] = r.pick(KEY_SPOTS);
  const value = r.pick(['1', 'x', '{}', '[]', 'null', '{ a: 1 }']);
  const text = base.replace(re, (line) => `${line}\n${indent}${proto}: ${value}`);
  return { text, label: `key ${proto} after ${re.source}` };
}
