/** English templates of the engine's `mtu.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const mtu = {
  exceeds: 'packet of {{len}} bytes exceeds the MTU {{mtu}} of {{dev}} and has DF set',
  fragNeeded: "The packet ({{len}} bytes, DF set) is larger than {{dev}}'s MTU {{mtu}}: ip_forward drops it and sends ICMP fragmentation needed (next-hop MTU {{mtu}}) back to {{src}}.",
  emsgsize: "The packet ({{len}} bytes, DF set) is larger than {{dev}}'s MTU {{mtu}}: the sending system call fails with EMSGSIZE (message too long) and the sender must use a smaller size.",
  fragments: "The packet ({{len}} bytes, DF clear) is larger than {{dev}}'s MTU {{mtu}}, so the kernel splits it into {{fragments}} IP fragments.",
  fragmentsAsOne: 'The fragments are followed as one packet.',
} as const;
