/**
 * The embeds' stand-in for schema-docs.ts (vite.embed-runtime.ts `withoutSchemaDocs`): every field
 * description is empty, as the embeds validate scenarios but never publish their JSON Schema.
 */
const DOCS: Readonly<Record<string, string>> = new Proxy({}, { get: () => '' });

export default DOCS;
