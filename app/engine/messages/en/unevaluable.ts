/** English templates of the engine's `unevaluable.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const unevaluable = {
  // Why the engine cannot evaluate something the scenario holds (the UI's "cannot evaluate" list).
  nftFamilyNotRun: 'the engine runs IPv4 hooks of the ip and inet families only',
  ipvsScheduler: 'the {{scheduler}} scheduler is not modelled',
  ipvsForwarding: 'only NAT forwarding (-m) is modelled',
  // Why the parser kept a rule part as `unsupported` (iptables matches and targets, nft expressions and statements, ipsets).
  iptMatch: 'PacketWalk does not model the {{name}} match',
  ipRule: 'PacketWalk does not model the ip rule selector or action "{{what}}"',
  attached: 'PacketWalk does not run XDP, BPF or tc filter programs; a packet crossing this device stops here',
  otherDevice: 'PacketWalk does not model {{kind}} devices; a packet sent through this one stops here',
  iptTarget: 'PacketWalk does not model the {{name}} target',
  nftMeta: 'meta {{key}} is not modelled by the engine',
  nftPayload: '{{proto}} {{field}} is not modelled by the engine',
  nftCt: 'ct {{key}} is not modelled by the engine',
  nftRawPayload: 'raw payload expressions (base/offset/len) are not modelled by the engine',
  nftJsonExpression: 'the "{{name}}" expression is not modelled by the engine',
  nftJsonStatement: 'the "{{name}}" statement is not modelled by the engine',
  nftKeyword: '"{{keyword}}" is not a statement the engine evaluates',
  nftSetting: 'setting {{expr}} is not modelled by the engine',
  nftNamedCounter: 'named counters are not modelled by the engine',
  nftSetDelete: 'deleting set elements from a rule is not modelled by the engine',
  nftXt: 'iptables extension xt_{{name}} (written by iptables-nft) is an iptables match or target inside nftables, which the engine cannot evaluate; give this table as iptables-save text instead',
  nftXtKind:
    'iptables extension xt_{{name}} (written by iptables-nft) is an iptables match or target inside nftables, which the engine cannot evaluate; give this table as iptables-save text instead (xt {{kind}})',
  natAddressRange: 'NAT to an address range (the kernel picks one by hashing the tuple)',
  natPortRange: 'NAT to a port range (the kernel keeps or picks a port in it)',
  ipsetType: 'the engine cannot test membership of {{type}} sets',
  ipsetIpv6: 'the engine models IPv4 only',
} as const;
