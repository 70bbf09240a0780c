/** English templates of the engine's `conntrack.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const conntrack = {

} as const;
