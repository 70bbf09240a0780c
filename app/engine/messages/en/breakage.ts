/** English templates of the engine's `breakage.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const breakage = {
  // Labels of the "Break it" toggles: the netns, then the edit (a command or rule as written).
  deleteRule: '{{netns}}: delete {{table}} {{chain}} rule {{index}}',
  deleteRuleText: '{{netns}}: delete {{table}} {{chain}} rule {{index}}: {{rule}}',
  deleteRoute: '{{netns}}: ip route del {{route}}',
  ipForwardOff: '{{netns}}: net.ipv4.ip_forward = 0',
  rpFilterStrict: '{{netns}}: net.ipv4.conf.all.rp_filter = 1 (strict)',
  dropMasquerade: '{{netns}}: delete every MASQUERADE rule',
  setMtu: '{{netns}}: ip link set {{dev}} mtu {{mtu}}',
} as const;
