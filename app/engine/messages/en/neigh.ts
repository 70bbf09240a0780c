/** English templates of the engine's `neigh.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const neigh = {

} as const;
