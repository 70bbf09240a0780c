/** English templates of the engine's `unevaluable.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const unevaluable = {
} as const;
