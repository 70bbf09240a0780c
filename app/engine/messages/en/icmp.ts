/** English templates of the engine's `icmp.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const icmp = {
  // What the sending socket makes of the error (socketVerdict).
  resetRefused: 'The TCP RST answers the SYN: connect() fails with ECONNREFUSED (Connection refused).',
  tcpPathMtu: "TCP lowers the connection's path MTU to {{mtu}} and retransmits in smaller segments (tcp_v4_mtu_reduced): connect() is not failed.",
  tcpSynSentAborted: 'The connection is still in SYN_SENT, so tcp_v4_err aborts it: connect() fails with {{errno}}.',
  udpPathMtu: 'The socket learns the path MTU {{mtu}} and its next send fails with EMSGSIZE.',
  udpRecverr: "The socket sets IP_RECVERR, as traceroute does: the error is queued with its sender's address and read from the error queue (errno {{errno}}).",
  udpSoftIgnored: 'A connected UDP socket without IP_RECVERR ignores this soft error (__udp4_lib_err): the application sees nothing and waits for its own timeout.',
  udpHardError: 'The connected UDP socket records the error: its next recv() or send() fails with {{errno}}.',
  pingReports: 'ping (IP_RECVERR) receives the error and prints "From <sender> … {{answer}}" (errno {{errno}}).',
  // Why the kernel sends no error (noErrorBecause, errorRefusal).
  noErrorAboutIcmpError: 'the kernel never sends an ICMP error about an ICMP error (RFC 1122 3.2.2)',
  noErrorToGroup: 'the packet was sent to {{dst}}, a broadcast or multicast address, and the kernel sends no error about those',
  noErrorNoSource: 'the packet has no source address to answer',
  noRouteBack: '{{netns}} has no route back to {{dst}}, so the error cannot be routed and nothing is sent',
  // The error's source address (errorSource).
  sourceOfReset: 'a reset is sent from the address and port the rejected packet was sent to',
  sourceLocal: 'the packet was addressed to this host, so the error comes from {{addr}}, the address it was sent to',
  sourceInboundIfaddr: 'net.ipv4.icmp_errors_use_inbound_ifaddr=1: the source is {{addr}}, an address of {{dev}} where the packet arrived',
  sourceByRoute: 'the source is the preferred source of the route back to the sender (icmp_errors_use_inbound_ifaddr=0)',
  // The error leaves (sendError).
  errorSent: '{{netns}} sends {{answer}} to {{dst}} about the dropped {{packet}}: {{rule}}. (The first error of a flow always passes the ICMP rate limits.)',
  errorSentRelated:
    "{{netns}} sends {{answer}} to {{dst}} about the dropped {{packet}}: {{rule}}. The error carries the dropped packet's conntrack entry ({{entry}}) as RELATED. (The first error of a flow always passes the ICMP rate limits.)",
  errorSentQuoting:
    "{{netns}} sends {{answer}} to {{dst}} about the dropped {{packet}}: {{rule}}. It quotes the dropped packet's header ({{quoted}}). (The first error of a flow always passes the ICMP rate limits.)",
  errorSentQuotingRelated:
    "{{netns}} sends {{answer}} to {{dst}} about the dropped {{packet}}: {{rule}}. It quotes the dropped packet's header ({{quoted}}). The error carries the dropped packet's conntrack entry ({{entry}}) as RELATED. (The first error of a flow always passes the ICMP rate limits.)",
  resetOnBridgePort:
    "{{netns}} answers the rejected {{packet}} with a TCP RST from {{src}}:{{sport}}. The packet came in through bridge port {{port}} under br_netfilter, so nf_send_reset swaps the frame's MAC addresses and queues the RST straight on {{port}}: no routing, no OUTPUT or POSTROUTING.",
  resetLeaves: 'The RST leaves by {{port}}, the port the rejected frame came in by.',
  // The error arrives (deliverError).
  errorDelivered: '{{packet}} reaches the socket that sent the request in {{netns}}. {{verdict}}',
  errorUnmatched: 'The error reaches {{netns}}, but {{why}}: the application never learns, and waits until it times out (connect(): ETIMEDOUT after its retries).',
  deliveredElsewhere: 'it is delivered in {{netns}}, not in {{from}} where the request came from',
  quoteMismatch: 'it quotes {{quoted}} but the socket sent {{sent}}, so no socket matches it',
  resetMismatch: 'it comes from {{from}} but the request went to {{to}}, so no socket matches it',
} as const;
