/** English templates of the engine's `summary.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const summary = {

} as const;
