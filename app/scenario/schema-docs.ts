/**
 * The descriptions of the scenario format's fields, as the published JSON Schema
 * (public/schema/scenario.schema.json, `npm run schema`) gives them to editors. Kept apart from the
 * validator (schema.ts) so that the embeds' engine worker, which validates but never publishes a
 * schema, can leave the text out (vite.embed-runtime.ts `withoutSchemaDocs`).
 */
const DOCS = {
  ifaceBaseName: 'Interface name as `ip link` shows it, e.g. eth0, ens33, flannel.1',
  ifaceBaseMac: 'MAC address',
  ifaceBaseMtu: 'MTU in bytes (default 1500)',
  ifaceBaseAddresses: 'IPv4 addresses with prefix length',
  ifaceBaseIfindex: "Interface index as `ip link` shows it (lo is 1); unique in the netns. Decides the kernel's device order; without it the file's order is assumed, lo first",
  ifaceBaseIngress: 'What runs on frames this device receives: an XDP program or tc ingress filters',
  ifaceBaseEgress: 'What runs on frames this device sends: tc egress filters',
  ifaceBaseAttached:
    'Programs attached to the device that the engine cannot run (XDP, tc filters such as Cilium\'s and Calico eBPF\'s BPF programs), as `ip link` and `tc filter show` name them: a packet received (ingress) or sent (egress) here stops with "cannot evaluate"',
  ethernetSegment: 'The L2 segment (switch/LAN) this NIC is plugged into',
  vethPeer: 'The other end as host/ifname',
  bridgePorts: 'Member interfaces (in this netns)',
  bridgeHairpin: 'Ports with hairpin mode on',
  vxlanDstport: 'Outer UDP destination port (default 8472, the kernel default)',
  vxlanDev: 'Underlay device',
  otherKind: "The kernel's link kind (`ip -d link`): macvlan, ipvlan, vlan, bond, wireguard, gre…",
  otherLink: 'The parent device (`eth0` of `macvlan0@eth0`)',
  listenerListen: '"tcp/PORT", "udp/PORT" or "sctp/PORT"',
  listenerReplyFrom: "UDP only: the reply's source is the request's destination (IP_PKTINFO, default) or chosen by routing (socket bound to 0.0.0.0)",
  hostName: 'Unique netns name',
  hostNode: 'For pods and containers: the node they run on',
  hostRoutes: '`ip route` lines (`table N` for tables other than main)',
  hostRules: '`ip rule show` lines (policy routing), e.g. "100: from all fwmark 0x1/0x1 lookup 100"; absent: the kernel\'s three default rules',
  hostNeighbors: '`ip neigh` lines',
  hostFdb: '`bridge fdb` lines',
  hostIptables: '`iptables-save` text',
  hostNftables: 'nftables ruleset text in either syntax nft reads: `nft list ruleset` (blocks, `nft -a` handles allowed) or `nft -f` commands (add table/chain/rule/set/map/element)',
  hostNftablesJson: '`nft -j list ruleset` output (libnftables-json(5))',
  hostIpvs: 'IPVS virtual services: `ipvsadm -Sn` lines (or an `ipvsadm -Ln` listing, whose ActiveConn/InActConn counts the lc, wlc, sed and nq schedulers read)',
  hostIpset: '`ipset save` text: the sets iptables `-m set --match-set` rules name',
  bilingualEn: 'English',
  bilingualZh: 'Simplified Chinese (简体中文)',
  flowFrom: 'The host (netns) that sends',
  flowSize: 'IP total length of the request in bytes (default: 60 for TCP, UDP and SCTP, 84 for ICMP echo)',
  flowIcmpId: 'ICMP echo identifier, as `ping -e ID` sets it (icmp flows only; default 4660)',
  flowTtl: 'IP TTL of the request as sent, as `traceroute -f N`/`ping -t N` set it (1..255; default 64, net.ipv4.ip_default_ttl)',
  flowRecverr: 'udp only: the socket sets IP_RECVERR, as traceroute does, so every ICMP error reaches the application (default false: a connected socket reports hard errors only)',
  flowAfter:
    'The flow whose connection runs just before this one (an earlier flow of the file): this flow starts from the state it left, its conntrack entries, -m recent lists (sessionAffinity), learned neighbours and FDB entries. The clock does not advance between them. Give this flow another sport so it is a new connection.',
  metadataTopic: 'The scenario picker groups bundled scenarios by topic: docker, flannel, calico, services (kube-proxy), pains (lessons on problems users report), linux (routing and ICMP basics)',
} as const;

export default DOCS;
