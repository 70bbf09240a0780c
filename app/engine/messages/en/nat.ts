/** English templates of the engine's `nat.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const nat = {
  // What a NAT rule's binding changed (nf-verdict.ts bindNat), after "Rule N of … matches: DNAT."
  dnatBound: 'Destination {{from}} → {{to}}; conntrack stores the binding for the rest of the connection.',
  snatBound: 'Source {{from}} → {{to}}; conntrack stores the binding.',
  snatBoundMasquerade: 'Source {{from}} → {{to}} ({{how}}); conntrack stores the binding.',
  sourceUnchanged: 'The source is already {{addr}}, so nothing visible changes.',
  masqueradeNoAddress: 'The out interface has no address, so MASQUERADE leaves the source as it is.',
  // MASQUERADE's choice of source (masquerade.ts), inside the parentheses of snatBoundMasquerade.
  masqueradeNextHopSubnet: 'the address of {{dev}} whose subnet holds the next hop {{hop}}',
  masqueradeFirstAddress: 'the first address of {{dev}}',
  masqueradeOtherDeviceByIfindex: "{{dev}} has no address, so inet_select_addr walks the devices (lo first, then by ifindex) and takes the first address of global scope: {{other}}'s",
  masqueradeOtherDeviceInFileOrder:
    "{{dev}} has no address, so inet_select_addr walks the devices (lo first, then in the scenario's order (no ifindex given)) and takes the first address of global scope: {{other}}'s",
  // A known connection's binding applied by conntrack (conntrack-hook.ts natSlot).
  replyUndoesSnat: 'conntrack undoes the source NAT of the request: destination {{from}} → {{to}} (the nat table is not consulted for packets of a known connection).',
  replyUndoesDnat: 'conntrack undoes the destination NAT of the request: source {{from}} → {{to}} (the nat table is not consulted for packets of a known connection).',
  appliesDnat: "conntrack applies the connection's DNAT: destination → {{to}} (the nat table is not consulted for packets of a known connection).",
  appliesSnat: "conntrack applies the connection's SNAT: source → {{to}} (the nat table is not consulted for packets of a known connection).",
  icmpErrorUndoesDnat:
    "conntrack reverses the connection's DNAT on the ICMP error (nf_nat_icmp_reply_translation): the quoted destination {{from}} → {{to}}, and the error's source {{errorFrom}} → {{errorTo}}, so the sender recognises its own packet.",
  icmpErrorUndoesSnat:
    "conntrack reverses the connection's SNAT on the ICMP error (nf_nat_icmp_reply_translation): the quoted source {{from}} → {{to}}, and the error's destination {{errorFrom}} → {{errorTo}}.",
  // The answer of a local socket to a delivered request (reply.ts), and the source it takes.
  replyAnswers: '{{netns}} answers with {{what}} to {{to}} (from {{dst}}, the address the request was sent to).',
  replyAnswersByRoute:
    "{{netns}} answers with {{what}} to {{to}}. The server's socket is bound to 0.0.0.0 and does not use the request's destination {{dst}} (reply-from: route), so the kernel picks the source by routing toward the client.",
  replySynAck: 'a SYN-ACK',
  replyInitAck: 'an SCTP INIT-ACK',
  replyEchoReply: 'an ICMP echo reply',
  replyUdp: 'a UDP response',
} as const;
