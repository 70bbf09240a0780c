/** English templates of the engine's `legacy.*` messages (i18next syntax: `{{param}}`, plural `_one`/`_other`). */
export const legacy = {
  text: '{{text}}',
} as const;
