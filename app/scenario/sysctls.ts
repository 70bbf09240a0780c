/**
 * The sysctl keys the engine models (Documentation/networking/ip-sysctl.rst). Any other key in a
 * scenario is reported, never silently ignored.
 */
export const SYSCTL_PATTERNS: readonly { re: RegExp; example: string }[] = [
  { re: /^net\.ipv4\.ip_forward$/, example: 'net.ipv4.ip_forward' },
  { re: /^net\.ipv4\.conf\.[^.]+\.forwarding$/, example: 'net.ipv4.conf.<if>.forwarding' },
  { re: /^net\.ipv4\.conf\.[^.]+\.proxy_arp$/, example: 'net.ipv4.conf.<if>.proxy_arp' },
  { re: /^net\.ipv4\.neigh\.[^.]+\.proxy_delay$/, example: 'net.ipv4.neigh.<if>.proxy_delay' },
  { re: /^net\.ipv4\.conf\.[^.]+\.rp_filter$/, example: 'net.ipv4.conf.<if>.rp_filter' },
  { re: /^net\.ipv4\.conf\.[^.]+\.arp_ignore$/, example: 'net.ipv4.conf.<if>.arp_ignore' },
  { re: /^net\.ipv4\.conf\.[^.]+\.route_localnet$/, example: 'net.ipv4.conf.<if>.route_localnet' },
  { re: /^net\.bridge\.bridge-nf-call-iptables$/, example: 'net.bridge.bridge-nf-call-iptables' },
  { re: /^net\.ipv4\.vs\.conntrack$/, example: 'net.ipv4.vs.conntrack' },
];
