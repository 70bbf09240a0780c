/**
 * The UI runtime of the two embeds (`<packet-walk>` and `embed.html`): the same React components,
 * run by Preact through `preact/compat` (https://preactjs.com/guide/v10/switching-to-preact), which
 * implements React's API in about a fifth of react-dom's size. A documentation page downloads the
 * embed on every visit, within a 250 kB gzip budget (issue 11, `npm run bench`); the app itself
 * keeps React. Playwright runs the built embeds, so both runtimes are tested where they ship.
 */
import type { Alias } from 'vite';

/** Module aliases that swap React for preact/compat (exact specifiers only). */
export const preactCompat: Alias[] = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];
