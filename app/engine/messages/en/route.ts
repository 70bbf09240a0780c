/** English templates of the engine's `route.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const route = {
  martianSource: "martian source {{src}}: a packet from outside claims one of {{netns}}'s own addresses",
  martianSourceExplain: 'The packet arrives on {{dev}} with source {{src}}, an address of {{netns}} itself: the input route lookup rejects it as a martian (accept_local=0) before INPUT or FORWARD.',
  rpFilterOtherDev: 'rp_filter={{rp}}: the route back to {{src}} leaves by {{back}}, not {{dev}}',
  rpFilterNoRoute: 'rp_filter={{rp}}: the route back to {{src}} does not exist',
  rpFilterDrop: 'Reverse-path filter (rp_filter={{rp}}) drops the packet: {{src}} would not be routed back out of {{dev}}.',
  inputLocal: 'Routing: {{dst}} is a local address ("{{route}}" in the local table), so the packet goes up to INPUT.',
  inputForward: 'Routing: {{dst}} matches "{{route}}" in the {{table}} table: forward out of {{dev}}.',
  inputForwardVia: 'Routing: {{dst}} matches "{{route}}" in the {{table}} table: forward out of {{dev}} via {{via}}.',
  forwardingOff: 'forwarding is off on {{dev}} (net.ipv4.ip_forward=0)',
  forwardingOffExplain: 'The packet is not for this host and forwarding is disabled (ip_forward=0), so it is dropped silently.',
  outputLocal: 'Routing: {{dst}} is local ("{{route}}"), so the packet goes out through lo.',
  output: 'Routing: {{dst}} matches "{{route}}": out of {{dev}}, source {{src}}.',
  outputVia: 'Routing: {{dst}} matches "{{route}}": out of {{dev}} via {{via}}, source {{src}}.',
  reroute: 'Re-routing after OUTPUT changed the packet: {{dst}} matches "{{route}}": out of {{dev}}.',
  ipvsNoRoute: 'IPVS has no route to real server {{dst}}',
  ipvsNoRouteExplain: 'IPVS finds no unicast route to the real server {{dst}}: dst_link_failure answers ICMP host unreachable and the packet is freed (__ip_vs_get_out_rt).',
  ttlExpired: 'TTL expired (TTL {{ttl}})',
  ipvsTtlExpired: 'TTL {{ttl}} cannot be decremented: IPVS drops the packet and sends ICMP time exceeded back (decrement_ttl).',
  ipvsRoute:
    'IPVS routes the rewritten packet to the real server: {{dst}} matches "{{route}}": out of {{dev}}; it decrements the TTL {{ttl}} → {{next}} as forwarding would, then passes the packet through the OUTPUT hook, as a locally sent packet.',
  ipvsRouteVia:
    'IPVS routes the rewritten packet to the real server: {{dst}} matches "{{route}}": out of {{dev}} via {{via}}; it decrements the TTL {{ttl}} → {{next}} as forwarding would, then passes the packet through the OUTPUT hook, as a locally sent packet.',
  ttlExpiredForward: 'TTL {{ttl}} cannot be decremented: ip_forward drops the packet and sends ICMP time exceeded back to {{src}} (this is how traceroute finds each hop).',
  ipForward: 'ip_forward: TTL {{ttl}} → {{next}}, then the FORWARD hook.',
  matchedType: 'Routing matches "{{route}}", a {{type}} route',
  noMatch: 'Routing: no route matches {{dst}} in the local or main table',
  typeRoute: '{{type}} route {{route}}',
  noRoute: 'no route to {{dst}}',
  failTunnel: '{{matched}}: the tunnel driver cannot send the outer packet and drops it (it counts a transmit error; no error goes back).',
  failLocal: '{{matched}}: the packet is never sent, and the sending system call fails with {{errno}}.',
  failSilent: '{{matched}}: a {{type}} route silently discards the packet.',
  failNoForward: '{{matched}}, and {{dev}} does not forward (ip_forward=0): ip_error drops the packet without sending an error.',
  failNetUnreach: '{{matched}}: ip_error drops the packet and sends ICMP net unreachable back to {{src}}.',
  failHostUnreach: '{{matched}}: ip_error drops the packet and sends ICMP host unreachable back to {{src}}.',
  failProhibited: '{{matched}}: ip_error drops the packet and sends ICMP communication administratively prohibited back to {{src}}.',
  martianLoopbackDst: 'martian destination {{dst}}: a loopback address on {{dev}}, and route_localnet is off',
  martianLoopbackSrc: 'martian source {{src}}: a loopback address on {{dev}}, and route_localnet is off',
  martianLoopbackDstExplain:
    'The packet arrives on {{dev}} with the loopback destination {{dst}}: the input route lookup rejects it as a martian because net.ipv4.conf.{{dev}}.route_localnet and conf.all.route_localnet are 0 (ip_route_input_slow).',
  martianLoopbackSrcExplain:
    'The packet arrives on {{dev}} with the loopback source {{src}}: the input route lookup rejects it as a martian because net.ipv4.conf.{{dev}}.route_localnet and conf.all.route_localnet are 0 (ip_route_input_slow).',
  loopbackSourceOut: 'source {{src}} cannot leave by {{dev}}: route_localnet is off',
  loopbackSourceRefused:
    "Routing finds a route out of {{dev}}, but the packet's source {{src}} is a loopback address and net.ipv4.conf.{{dev}}.route_localnet (and conf.all) is 0: the route is refused with EINVAL (__mkroute_output) and the packet is dropped.",
  loopbackSourceRefusedAfterNat:
    "Re-routing after OUTPUT changed the destination finds a route out of {{dev}}, but the packet's source {{src}} is a loopback address and net.ipv4.conf.{{dev}}.route_localnet (and conf.all) is 0: the route is refused with EINVAL (__mkroute_output) and the packet is dropped (ip_route_me_harder fails in the NAT hook); a TCP client retransmits its SYN until connect() times out.",
} as const;
