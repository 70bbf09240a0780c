/**
 * Family 4: self-referencing topologies. A VXLAN device whose underlay route points into itself
 * (issue 8's 680-byte hang), an IPIP tunnel routed into itself, two tunnels routing into each
 * other, tunnels whose remote is their own address, bridge loops (two bridges joined twice, a
 * bridge that is its own port, a port in two bridges), a veth whose peer is itself or a third
 * interface, routes via gateways reachable only through the same route, and two routers that send
 * a prefix to each other. Where no netns owns the destination the request must not be delivered.
 */
import type { Expectation } from './check';
import type { Rng } from './rng';

const mac = (n: number) => `02:00:00:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;

function doc(title: string, hosts: string[], flows: string[], segments = true): string {
  return ['version: 1', 'metadata:', `  title: ${title}`, ...(segments ? ['segments:', '  - name: lan'] : []), 'hosts:', ...hosts, 'flows:', ...flows, ''].join('\n');
}

function host(name: string, ifaces: string[], extra: Record<string, string[]> = {}, sysctls: string[] = []): string {
  const out = [`  - name: ${name}`, '    kind: node', '    interfaces:', ...ifaces.map((i) => `      - ${i}`)];
  for (const [k, lines] of Object.entries(extra)) if (lines.length) out.push(`    ${k}: |`, ...lines.map((l) => `      ${l}`));
  if (sysctls.length) out.push('    sysctls:', ...sysctls.map((s) => `      ${s}: 1`));
  return out.join('\n');
}

function flow(r: Rng, from: string, dst: string, name = 'probe'): string {
  const proto = r.pick(['tcp', 'udp', 'icmp']);
  return [`  - name: ${name}`, `    from: ${from}`, `    protocol: ${proto}`, `    dst: ${dst}`, ...(proto === 'icmp' ? [] : [`    dport: ${r.pick([80, 53, 8472, 4789])}`])].join('\n');
}

const eth = (name: string, addr: string, m: number) => `{ name: ${name}, type: ethernet, segment: lan, mac: '${mac(m)}', addresses: [${addr}] }`;

type Variant = (r: Rng) => { text: string; expect?: Expectation };

/** A VXLAN device whose underlay (FDB destination) is routed into the device itself. */
const vxlanSelf: Variant = (r) => {
  const dst = r.pick(['172.16.0.9', '10.1.0.7', '192.168.0.1']);
  const underlay = r.pick([`172.16.0.0/16 dev vx0`, `default dev vx0`, `${dst} dev vx0`, `172.16.0.0/12 via 10.1.0.3 dev vx0 onlink`]);
  const vx = `{ name: vx0, type: vxlan, mac: '${mac(17)}', vni: ${r.range(0, 99)}, ${r.chance(0.5) ? 'local: 192.168.0.1, ' : ''}${r.chance(0.3) ? 'dev: eth0, ' : ''}learning: ${r.chance(0.3)}, addresses: [10.1.0.1/24] }`;
  const fdb = [`${mac(34)} dev vx0 dst ${dst} self permanent`, ...(r.chance(0.5) ? [`00:00:00:00:00:00 dev vx0 dst ${dst} self permanent`] : [])];
  const a = host(
    'a',
    [eth('eth0', '192.168.0.1/24', 1), vx],
    {
      routes: [underlay],
      neighbors: [`10.1.0.2 dev vx0 lladdr ${mac(34)} PERMANENT`, ...(r.chance(0.7) ? [`${dst} dev vx0 lladdr ${mac(34)} PERMANENT`, `10.1.0.3 dev vx0 lladdr ${mac(34)} PERMANENT`] : [])],
      fdb,
    },
    r.chance(0.5) ? ['net.ipv4.ip_forward'] : [],
  );
  const b = host('b', [eth('eth0', '192.168.0.2/24', 2)], { routes: ['default via 192.168.0.1 dev eth0'] });
  const flows = [flow(r, 'a', r.pick(['10.1.0.2', '172.16.0.9', '10.1.0.99'])), flow(r, 'b', '10.1.0.2', 'via-a')];
  return { text: doc('vxlan into itself', [a, b], flows), expect: { requests: [{ result: 'dropped' }, { result: 'dropped' }] } };
};

/** An IPIP tunnel whose remote is routed through the tunnel (or is its own local address). */
const ipipSelf: Variant = (r) => {
  const remote = r.pick(['172.16.0.9', '192.168.0.1', '10.2.0.5']);
  const tun = `{ name: tun0, type: ipip, local: ${r.pick(['192.168.0.1', 'any'])}, remote: ${remote}, addresses: [10.2.0.1/32] }`;
  const routes = [r.pick([`172.16.0.0/16 dev tun0`, `default dev tun0`, `${remote} dev tun0`]), '10.2.0.0/24 dev tun0'];
  const a = host('a', [eth('eth0', '192.168.0.1/24', 1), tun], { routes }, ['net.ipv4.ip_forward']);
  return { text: doc('ipip into itself', [a], [flow(r, 'a', r.pick(['10.2.0.5', '172.16.0.9']))]), expect: { requests: [{ result: 'dropped' }] } };
};

/** Two tunnels (VXLAN/VXLAN or VXLAN/IPIP) each routed through the other. */
const tunnelPair: Variant = (r) => {
  const second = r.chance(0.5)
    ? `{ name: t1, type: vxlan, mac: '${mac(18)}', vni: 2, addresses: [10.4.0.1/24] }`
    : `{ name: t1, type: ipip, local: any, remote: 172.17.0.9, addresses: [10.4.0.1/32] }`;
  const a = host(
    'a',
    [eth('eth0', '192.168.0.1/24', 1), `{ name: vx0, type: vxlan, mac: '${mac(17)}', vni: 1, addresses: [10.3.0.1/24] }`, second],
    {
      routes: ['172.16.0.0/16 dev t1', '172.17.0.0/16 dev vx0', '10.4.0.0/24 dev t1'],
      neighbors: [
        `10.3.0.2 dev vx0 lladdr ${mac(35)} PERMANENT`,
        `172.17.0.9 dev vx0 lladdr ${mac(35)} PERMANENT`,
        ...(second.includes('vxlan') ? [`10.4.0.2 dev t1 lladdr ${mac(36)} PERMANENT`, `172.16.0.9 dev t1 lladdr ${mac(36)} PERMANENT`] : []),
      ],
      fdb: [`${mac(35)} dev vx0 dst 172.16.0.9 self permanent`, ...(second.includes('vxlan') ? [`${mac(36)} dev t1 dst 172.17.0.9 self permanent`] : [])],
    },
    ['net.ipv4.ip_forward'],
  );
  return { text: doc('tunnels into each other', [a], [flow(r, 'a', r.pick(['10.3.0.2', '10.4.0.2']))]), expect: { requests: [{ result: 'dropped' }] } };
};

/** Bridges joined in a loop, a bridge that is its own port, a port in two bridges. */
const bridgeLoop: Variant = (r) => {
  const kind = r.int(3);
  const veth = (n: string, peer: string, m: number) => `{ name: ${n}, type: veth, mac: '${mac(m)}', peer: ${peer} }`;
  const br0Ports = kind === 1 ? '[br0, va0]' : kind === 2 ? '[va0, vb0, vc0]' : '[va0, vb0]';
  const br1Ports = kind === 2 ? '[va1, vb1, vc0]' : '[va1, vb1, vc1]';
  const ifaces = [
    `{ name: br0, type: bridge, mac: '${mac(40)}', addresses: [10.0.0.1/24], ports: ${br0Ports}${r.chance(0.4) ? ', hairpin: [va0]' : ''} }`,
    `{ name: br1, type: bridge, mac: '${mac(41)}', ports: ${br1Ports} }`,
    veth('va0', 'a/va1', 50),
    veth('va1', 'a/va0', 51),
    veth('vb0', 'a/vb1', 52),
    veth('vb1', 'a/vb0', 53),
    kind === 2 ? veth('vc0', 'c/eth0', 54) : veth('vc1', 'c/eth0', 55),
  ];
  const a = host('a', ifaces, {}, r.chance(0.5) ? ['net.bridge.bridge-nf-call-iptables'] : []);
  const c = host('c', [`{ name: eth0, type: veth, mac: '${mac(60)}', addresses: [10.0.0.2/24], peer: a/${kind === 2 ? 'vc0' : 'vc1'} }`]);
  const flows = [flow(r, 'c', r.pick(['10.0.0.1', '10.0.0.99'])), flow(r, 'a', '10.0.0.77', 'unknown')];
  return { text: doc('bridge loop', [a, c], flows, false), expect: { requests: [undefined, { result: 'dropped' }] } };
};

/** A veth whose peer is itself, or a triangle of peers. */
const vethSelf: Variant = (r) => {
  const self = r.chance(0.5);
  const a = host('a', [
    `{ name: eth0, type: veth, mac: '${mac(1)}', addresses: [10.0.0.1/24], peer: ${self ? 'a/eth0' : 'b/eth0'} }`,
    ...(self ? [] : [`{ name: eth1, type: veth, mac: '${mac(3)}', addresses: [10.0.1.1/24], peer: a/eth0 }`]),
  ]);
  const b = host('b', [`{ name: eth0, type: veth, mac: '${mac(2)}', addresses: [10.0.0.2/24], peer: ${self ? 'b/eth0' : 'a/eth1'} }`]);
  return { text: doc('veth peer is itself', [a, b], [flow(r, 'a', r.pick(['10.0.0.2', '10.0.0.1', '10.0.1.9'])), flow(r, 'b', '10.0.0.1', 'back')], false) };
};

/** Routes via gateways only reachable through the same route, and two routers pointing at each other. */
const recursiveRoutes: Variant = (r) => {
  const a = host(
    'a',
    [eth('eth0', '192.168.0.1/24', 1)],
    {
      routes: [
        r.pick([
          '10.0.0.0/8 via 10.1.1.1 dev eth0',
          'default via 10.9.9.9',
          '10.9.9.0/24 via 10.9.9.9 dev eth0 onlink',
          '10.50.0.0/16 via 192.168.0.2 dev eth0',
          '10.0.0.0/8 via 10.1.1.1 dev eth0 onlink',
        ]),
        ...(r.chance(0.5) ? [r.pick(['default via 10.50.0.1', 'default via 10.50.0.1 dev eth0 onlink'])] : []),
      ],
    },
    ['net.ipv4.ip_forward'],
  );
  const b = host('b', [eth('eth0', '192.168.0.2/24', 2)], { routes: ['10.50.0.0/16 via 192.168.0.1 dev eth0', 'default via 192.168.0.1 dev eth0'] }, ['net.ipv4.ip_forward']);
  const dst = r.pick(['10.50.0.1', '10.1.1.1', '10.9.9.9', '8.8.8.8']);
  return { text: doc('recursive routes', [a, b], [flow(r, 'a', dst), flow(r, 'b', dst, 'from-b')]), expect: { requests: [{ result: 'dropped' }, { result: 'dropped' }] } };
};

const VARIANTS: readonly [string, Variant][] = [
  ['vxlan-self', vxlanSelf],
  ['ipip-self', ipipSelf],
  ['tunnel-pair', tunnelPair],
  ['bridge-loop', bridgeLoop],
  ['veth-self', vethSelf],
  ['recursive-routes', recursiveRoutes],
];

/** One family-4 case. */
export function topologyCase(r: Rng): { text: string; expect?: Expectation; label: string } {
  const [label, v] = r.pick(VARIANTS);
  return { ...v(r), label };
}
