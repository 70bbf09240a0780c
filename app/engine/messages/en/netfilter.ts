/** English templates of the engine's `netfilter.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const netfilter = {

} as const;
