/** English templates of the engine's `summary.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const summary = {
  // One rewrite: what kind, where (netns or netns/device), what changed and who did it.
  rewrite: '{{kind}} in {{place}}: {{what}}',
  rewriteByRule: '{{kind}} in {{place}}: {{what}} by {{table}} {{chain}} rule {{index}}',
  rewriteByConntrack: '{{kind}} in {{place}}: {{what}} by conntrack',
  rewriteByIpvs: '{{kind}} in {{place}}: {{what}} by IPVS',
  // The kinds of rewrite.
  kindDnat: 'DNAT',
  kindSnat: 'SNAT',
  kindMasquerade: 'MASQUERADE',
  kindUnDnat: 'un-DNAT',
  kindUnSnat: 'un-SNAT',
  kindEncap: 'encap',
  kindDecap: 'decap',
  kindTtl: 'TTL',
  kindMac: 'MAC',
  kindMark: 'mark',
  // What changed (`pair` is `old → new`).
  destination: 'destination {{pair}}',
  destinationQuoted: 'destination {{pair}}; quoted packet {{quoted}}',
  source: 'source {{pair}}',
  sourceQuoted: 'source {{pair}}; quoted packet {{quoted}}',
  quotedSource: 'source {{src}}',
  quotedDestination: 'destination {{dst}}',
  quotedSourceDestination: 'source {{src}}, destination {{dst}}',
  outer: '{{tunnel}} outer {{src}} → {{dst}}',
  outerVxlan: 'VXLAN outer {{src}} → {{dst}} UDP {{dport}} VNI {{vni}}',
  encapsulated: 'encapsulated',
  outerRemoved: 'outer header removed',
  ttl: 'TTL {{from}} → {{to}}',
  mark: 'mark {{from}} → {{to}}',
  ethernet: 'Ethernet {{pair}}',
} as const;
