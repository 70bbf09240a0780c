/**
 * The scenario around a generated kube-proxy node (kube-proxy-iptables.ts, kube-proxy-nftables.ts):
 * node1 with a cni0 bridge 10.244.0.1/24, a client pod 10.244.0.2 and the endpoint pod 10.244.0.3
 * on it, and one TCP flow from the client to the last Service's cluster IP on port 80, its random
 * endpoint choice pinned to the endpoint pod (docs/scenario-format.md, "Random choices").
 */

/** What differs between the modes: the node's ruleset and how the flow's choice is keyed. */
export interface BenchScenario {
  readonly title: string;
  readonly description: string;
  /** The host key holding the rules: `iptables` or `nftables`. */
  readonly rulesKey: 'iptables' | 'nftables';
  readonly rules: string;
  /** The last Service's cluster IP. */
  readonly vip: string;
  /** The flow's `choices` entry that picks the endpoint pod. */
  readonly choice: { readonly key: string; readonly value: number };
  readonly flow: string;
}

/** The scenario YAML of a generated node. */
export function benchScenarioYaml(s: BenchScenario): string {
  const indented = s.rules.replace(/^(?=.)/gm, '      ');
  const pod = (name: string, ip: string, mac: string, peer: string, listeners: string) => `  - name: ${name}
    kind: pod
    node: node1
    listeners: ${listeners}
    interfaces:
      - name: eth0
        type: veth
        mac: ${mac}
        addresses: [${ip}/24]
        peer: node1/${peer}
    routes: |
      default via 10.244.0.1 dev eth0
`;
  return `version: 1
metadata:
  title: ${s.title}
  description: ${s.description}
hosts:
  - name: node1
    kind: node
    interfaces:
      - name: cni0
        type: bridge
        mac: 8e:6a:33:b0:0a:01
        addresses: [10.244.0.1/24]
        ports: [vethclient, vethendpoint]
      - name: vethclient
        type: veth
        mac: f6:11:8a:2c:00:02
        peer: client/eth0
      - name: vethendpoint
        type: veth
        mac: f6:11:8a:2c:00:03
        peer: endpoint/eth0
    sysctls:
      net.ipv4.ip_forward: 1
      net.bridge.bridge-nf-call-iptables: 1
    ${s.rulesKey}: |
${indented}
${pod('client', '10.244.0.2', 'b2:4c:19:7f:00:02', 'vethclient', '[]')}
${pod('endpoint', '10.244.0.3', 'b2:4c:19:7f:00:03', 'vethendpoint', '[tcp/8080]')}
flows:
  - name: ${s.flow}
    from: client
    protocol: tcp
    dst: ${s.vip}
    dport: 80
    choices:
      ${s.choice.key}: ${s.choice.value}
`;
}
