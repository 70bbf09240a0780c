/** English templates of the engine's `tunnel.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const tunnel = {

} as const;
