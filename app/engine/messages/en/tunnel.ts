/** English templates of the engine's `tunnel.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const tunnel = {
  vxlanDecap: 'The UDP socket of VXLAN device {{dev}} (port {{port}}, VNI {{vni}}) strips the outer Ethernet/IP/UDP/VXLAN headers; the inner frame is received on {{dev}}.',
  noVxlanListener: 'no VXLAN device listens on UDP {{port}} with VNI {{vni}}',
  noIpipTunnel: 'no IPIP tunnel device accepts this packet (protocol 4 unreachable)',
  ipipDecap: 'The IPIP handler strips the outer IPv4 header (protocol 4, {{src}} → {{dst}}); the inner packet is received on {{dev}}.',
  noFdbEntry: 'no FDB entry on {{dev}} for {{mac}}',
  noFdbEntryExplain: 'VXLAN device {{dev}} has no FDB entry for {{mac}} (and learning is off), so it cannot pick a remote VTEP and drops the frame.',
  vxlanFdb: "{{dev}}'s FDB maps {{mac}} to the remote VTEP {{vtep}} (a capture on {{dev}} shows this inner frame).",
  circularRoute: 'circular route: the route to the remote VTEP {{vtep}} ("{{route}}") leaves by {{dev}} itself',
  circularRouteExplain: 'The route to the remote VTEP {{vtep}} ("{{route}}") points back into {{dev}}: the VXLAN driver refuses a circular route (ELOOP) and drops the frame.',
  vxlanSourcePort: 'The outer UDP source port is a stable hash of the inner flow; the kernel uses its own flow hash, so the number differs.',
  vxlanEncap:
    'VXLAN encapsulation: the inner frame is wrapped in outer IP {{src}} → {{dst}}, UDP {{sport}} → {{dport}}, VNI {{vni}}; the outer packet is generated locally and keeps the skb mark ({{mark}}).',
  routeOuter: 'Routing the outer packet: {{dst}} matches "{{route}}": out of {{dev}}.',
  ipipNoRemote: '{{dev}} has no remote and the route has no gateway',
  ipipNoRemoteExplain: "{{dev}} (remote any) needs the route's gateway as the tunnel's far end, and this route has none.",
  ipipLoop: 'the route to the tunnel end {{remote}} points back into {{dev}}',
  ipipLoopExplain: 'The route to the tunnel\'s far end {{remote}} ("{{route}}") leaves by {{dev}} itself: ip_tunnel_xmit counts a collision and drops the packet.',
  ipipSent: 'The packet is sent out of {{dev}} (a capture on {{dev}} shows it without a link header).',
  ipipEncap: 'IPIP encapsulation on {{dev}}: an outer IPv4 header {{src}} → {{dst}} (protocol 4) is put in front of the inner packet; no inner Ethernet header.',
  deadLoop: 'dead loop on virtual device {{dev}}: tunnel transmits nested {{nested}} deep',
  deadLoopExplain:
    'The packet is already inside {{depth}} tunnel headers and {{dev}} would encapsulate it again: the tunnels route into each other. The kernel stops nested tunnel transmits past its recursion limit ("Dead loop on virtual device {{dev}}, fix it urgently!") and drops the packet.',
} as const;
