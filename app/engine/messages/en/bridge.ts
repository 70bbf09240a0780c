/** English templates of the engine's `bridge.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const bridge = {

} as const;
