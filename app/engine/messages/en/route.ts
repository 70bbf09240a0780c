/** English templates of the engine's `route.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const route = {

} as const;
