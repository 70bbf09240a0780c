/** English templates of the engine's `nat.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const nat = {

} as const;
