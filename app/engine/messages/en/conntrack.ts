/** English templates of the engine's `conntrack.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const conntrack = {
  invalidCannotStart: 'conntrack finds no connection for {{flow}} and does not start one: {{reason}}. The packet has no conntrack entry: ctstate matches it as INVALID and NAT never sees it.',
  newConnection: 'conntrack sees a new connection {{flow}} (state NEW); NAT for it will be decided by the nat table.',
  replyEstablished: 'conntrack matches this packet to the reply direction of a known connection (state ESTABLISHED).',
  replyEstablishedNat: 'conntrack matches this packet to the reply direction of a known connection (state ESTABLISHED); its NAT will be undone from the entry, without the nat table.',
  knownConnection: 'conntrack matches this packet to a known connection (state {{state}}).',
  replyKnownConnection: 'conntrack matches this packet to the reply direction of a known connection (state {{state}}).',
  errorQuotesNoConnection: 'conntrack finds no connection for the packet this error quotes ({{flow}}): the error has no entry, and ctstate matches it as INVALID.',
  rstNoConnection: 'conntrack finds no connection for this {{proto}} packet and does not start one for an RST: ctstate matches it as INVALID.',
  errorRelated: 'conntrack reads the quoted header {{flow}} and finds its connection: the error is RELATED to it.',
  errorRelatedNat: 'conntrack reads the quoted header {{flow}} and finds its connection: the error is RELATED to it, so its NAT will be reversed on the error and on the quoted header.',
  // Why a packet without an entry cannot start a connection (conntrack.ts cannotStart).
  tcpCannotOpen: 'a TCP {{flag}} cannot open a connection (tcp_new)',
  tcpNoSynAckCannotOpen: 'a TCP segment without SYN or ACK cannot open a connection (tcp_new)',
  icmpCannotOpen: 'an ICMP type {{type}} message is not a request and cannot open a connection (icmp_new)',
  sctpCannotOpen: 'only an SCTP INIT can open an association (sctp_new)',
} as const;
