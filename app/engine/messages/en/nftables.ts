/** English templates of the engine's `nftables.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const nftables = {

} as const;
