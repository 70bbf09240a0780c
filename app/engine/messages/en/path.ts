/** English templates of the engine's `path.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const path = {
  limitStop: 'PacketWalk stops following the packet here: {{reason}}. This is a limit of PacketWalk, not of the kernel, which would go on.',
  stepLimit: 'the engine stopped after {{count}} steps, its limit for one flow',
  visitLimit: 'the frame entered {{place}} {{count}} times without its TTL running out (a bridging loop: the kernel keeps forwarding it)',
  dropped: 'Dropped: {{reason}}.',
  droppedNoError: 'Dropped: {{reason}}. The kernel would answer with {{answer}}, but no error goes back: {{why}}.',
  noErrorAboutError: 'the kernel never sends an error about an ICMP error or an RST',
  replyErrorNamed: 'The error sent back to the replying host (ICMP, RST) is named but its own path is not simulated.',
} as const;
