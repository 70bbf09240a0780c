/** English templates of the engine's `breakage.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const breakage = {

} as const;
