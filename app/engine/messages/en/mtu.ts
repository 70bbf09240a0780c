/** English templates of the engine's `mtu.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const mtu = {

} as const;
