/** English templates of the engine's `unevaluable.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const unevaluable = {
  // Why the engine cannot evaluate something the scenario holds (the UI's "cannot evaluate" list).
  nftFamilyNotRun: 'the engine runs IPv4 hooks of the ip and inet families only',
  ipvsScheduler: 'the {{scheduler}} scheduler is not modelled',
  ipvsForwarding: 'only NAT forwarding (-m) is modelled',
} as const;
