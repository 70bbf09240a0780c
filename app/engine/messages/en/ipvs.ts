/** English templates of the engine's `ipvs.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const ipvs = {

} as const;
