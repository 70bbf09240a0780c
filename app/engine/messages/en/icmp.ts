/** English templates of the engine's `icmp.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const icmp = {

} as const;
