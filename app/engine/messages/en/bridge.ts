/** English templates of the engine's `bridge.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const bridge = {
  missing: 'bridge {{bridge}} missing',
  upToIp: "The frame is addressed to bridge {{bridge}}'s own MAC, so the bridge passes it up to IP as received on {{bridge}}.",
  bridgedDnat: 'br_netfilter: the DNAT sent the frame to {{dst}}, which is on this same bridge, so it stays bridged (bridged DNAT: no routing, TTL unchanged); destination MAC → {{mac}}. {{arp}}',
  bridgedDnatSlow:
    "br_netfilter: the DNAT sent the frame to {{dst}}, which is on this same bridge, so it stays bridged (bridged DNAT: no routing, TTL unchanged); destination MAC → {{mac}} — the neighbour entry has no cached header yet, so {{bridge}}'s own neighbour output builds the header and the bridge device sends the frame. {{arp}}",
  hairpinOff: 'the frame would leave {{bridge}} by the port it came in on ({{port}}) and hairpin mode is off',
  restoresSourceMac: "{{fdb}} br_netfilter restores the frame's original source MAC.",
  forwards: 'Bridge {{bridge}} forwards the frame out of port {{port}}.',
  forwardsBrnf: 'Bridge {{bridge}} forwards the frame out of port {{port}} (br_netfilter walked iptables for this bridged frame).',
  sends: 'Bridge {{bridge}} sends the frame out of port {{port}}.',
  fdbStatic: "Bridge {{bridge}}'s FDB has a static entry: {{mac}} is behind port {{port}}.",
  fdbLearned: "Bridge {{bridge}} learned {{mac}} on port {{port}} (from an earlier frame's source MAC) and forwards only there.",
  noStation: 'no station on bridge {{bridge}} has MAC {{mac}}',
  floodNoOwner: 'Bridge {{bridge}} does not know {{mac}} and floods it; nobody on the other ports owns that MAC, so every copy is discarded.',
  flood: 'Bridge {{bridge}} does not know {{mac}} yet and floods the frame to {{ports}}; only the copy out of {{port}} reaches the owner (the others are discarded by their receivers).',
} as const;
