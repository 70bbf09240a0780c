/** English templates of the engine's `neigh.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const neigh = {
  noReply: 'no ARP reply for {{ip}} on {{dev}}',
  noReplyDrop: '{{arp}}; after its ARP retries (about 3 s) the kernel drops the packet and sends ICMP host unreachable to {{src}} (ipv4_link_failure).',
  resolved: '{{arp}} Ethernet header: {{src}} → {{dst}}.',
  arpOneStep: 'The ARP request and its reply are shown as one step; the kernel queues the packet until the reply arrives (and delays proxy answers by proxy_delay).',
  static: 'The neighbour table has a {{state}} entry for {{ip}} on {{dev}}: {{mac}}; no ARP is needed.',
  cached: '{{ip}} is already in the neighbour table ({{how}}).',
  howLearnedFromRequest: "learned from {{netns}}'s ARP request",
  howArpReply: 'ARP reply from {{from}}',
  howProxyArpReply: 'proxy ARP reply from {{from}}',
  cannotArp: '{{dev}} cannot send ARP',
  rpFilterRefuses: 'ARP: who has {{ip}}? tell {{sender}} — {{netns}} owns it but its rp_filter refuses the request (the route back to {{sender}} does not leave by {{dev}})',
  ownerAnswers: 'ARP: who has {{ip}}? tell {{sender}} — {{netns}} owns {{ip}} and answers from {{dev}}: {{ip}} is at {{mac}}.',
  ownerAnswersThrough: 'ARP: who has {{ip}}? tell {{sender}} — {{netns}} owns {{ip}} and answers from {{dev}} through {{bridges}}: {{ip}} is at {{mac}}.',
  proxyAnswers: 'ARP: who has {{ip}}? tell {{sender}} — nobody owns {{ip}}, but {{proxy}} has proxy_arp=1 and its route to {{ip}} leaves by another device, so it answers with its own MAC {{mac}}.',
  noAnswer: 'ARP: who has {{ip}}? tell {{sender}} on {{dev}} — no answer (nothing on that link owns {{ip}} or proxies it)',
} as const;
