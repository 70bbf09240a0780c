/**
 * The UI runtime of the two embeds (`<packet-walk>` and `embed.html`): the same React components,
 * run by Preact through `preact/compat` (https://preactjs.com/guide/v10/switching-to-preact), which
 * implements React's API in about a fifth of react-dom's size. A documentation page downloads the
 * embed on every visit, within a 250 kB gzip budget (issue 11, `npm run bench`); the app itself
 * keeps React. Playwright runs the built embeds, so both runtimes are tested where they ship.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Alias, Plugin } from 'vite';

/**
 * The embeds play scenarios and leave the cluster builder (app/cluster, its hashes and kube-proxy
 * generators) out of their engine worker: ./app/scenario/load-cluster.ts is replaced by a version
 * that refuses cluster files with the way to expand them.
 */
export const withoutClusterBuilder: Alias = {
  find: /^(\.\/load-cluster|\.\.\/scenario\/load-cluster\.ts)$/,
  replacement: fileURLToPath(new URL('./app/scenario/load-cluster-unavailable.ts', import.meta.url)),
};

/**
 * The app's engine worker fetches the cluster builder when it first meets a cluster file
 * (./app/scenario/load-cluster-lazy.ts): the loader's static import of it goes to the lazy
 * stand-in, and the worker's dynamic `import('../scenario/load-cluster.ts')` to the builder itself.
 */
export const lazyClusterBuilder: Alias = {
  find: /^\.\/load-cluster$/,
  replacement: fileURLToPath(new URL('./app/scenario/load-cluster-lazy.ts', import.meta.url)),
};

/**
 * Bundled cluster files (`scenarios/*.yaml` with `kind: Cluster`) ship to the embeds already
 * expanded into the scenario they stand for (the same text `npm run cluster` writes), so the
 * embeds play them without the builder. The expansion is `npm run cluster`'s own (app/cli/cluster.ts,
 * run with tsx, once per build for every cluster file of the folder); a bundled file that does not
 * expand fails the build.
 */
export function expandBundledClusters(): Plugin {
  let expanded: Record<string, string> | undefined;
  return {
    name: 'packetwalk-expand-bundled-clusters',
    enforce: 'pre',
    load(id) {
      const m = /^(.*\/scenarios\/[^/]+\.yaml)\?raw$/.exec(id);
      if (!m || !isClusterFile(m[1])) return null;
      if (!expanded?.[m[1]]) {
        const dir = dirname(m[1]);
        const files = [
          ...new Set([
            m[1],
            ...readdirSync(dir)
              .filter((f) => f.endsWith('.yaml'))
              .map((f) => join(dir, f))
              .filter(isClusterFile),
          ]),
        ];
        expanded = { ...expanded, ...expandClusterFiles(files) };
      }
      return `export default ${JSON.stringify(expanded[m[1]])};`;
    },
  };
}

/** Whether a scenario file is a cluster file (`kind: Cluster`). */
export const isClusterFile = (file: string): boolean => /^kind:\s*Cluster\s*$/m.test(readFileSync(file, 'utf8'));

/** Expands cluster files with `npm run cluster`'s own code (app/cli/cluster.ts, run with tsx): file → scenario text. */
export function expandClusterFiles(files: readonly string[]): Record<string, string> {
  if (!files.length) return {};
  const root = fileURLToPath(new URL('.', import.meta.url));
  const json = execFileSync(process.execPath, ['--import', 'tsx', 'app/cli/cluster.ts', '--json', ...files], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(json) as Record<string, string>;
}

/**
 * The texts the embeds ship for the bundled scenarios (`scenarios/*.yaml`, cluster files expanded),
 * by name (`canal-nodeport`), sorted by name.
 */
export function bundledScenarioTexts(dir = fileURLToPath(new URL('./scenarios', import.meta.url))): Record<string, string> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
  const expanded = expandClusterFiles(files.filter(isClusterFile));
  return Object.fromEntries(files.map((f) => [basename(f, '.yaml'), expanded[f] ?? readFileSync(f, 'utf8')]));
}

/**
 * The embeds leave the capture importer (app/import) out too: ./app/scenario/load-capture.ts (and
 * the worker's lazy stand-in for it) is a module that refuses captures.
 */
export const withoutCaptureImport: Alias = {
  find: /^(\.\/load-capture|\.\.\/scenario\/load-capture\.ts|\.\.\/scenario\/load-capture-lazy)$/,
  replacement: fileURLToPath(new URL('./app/scenario/load-capture-unavailable.ts', import.meta.url)),
};

/**
 * The embeds never show a rule as `iptables-save` prints it back (the app's chain view does): their
 * engine worker gets the stand-in app/engine/netfilter/canonical-unavailable.ts instead of the printer.
 */
export const withoutCanonicalForm: Alias = {
  find: /^\.\/canonical$/,
  replacement: fileURLToPath(new URL('./app/engine/netfilter/canonical-unavailable.ts', import.meta.url)),
};

/**
 * The embeds play lessons of tens of rules: their engine worker parses every iptables rule in full
 * (app/scenario/parse/iptables/rule-shape-unavailable.ts) instead of recognising rules shaped alike,
 * which only pays off on a real node's tens of thousands.
 */
export const withoutRuleShapes: Alias[] = [
  {
    find: /^\.\/iptables\/rule-shape$/,
    replacement: fileURLToPath(new URL('./app/scenario/parse/iptables/rule-shape-unavailable.ts', import.meta.url)),
  },
  {
    find: /^\.\/iptables\/rule-lines$/,
    replacement: fileURLToPath(new URL('./app/scenario/parse/iptables/rule-lines-unavailable.ts', import.meta.url)),
  },
];

/**
 * The embeds offer no "break it" edits: their engine worker gets
 * app/engine/breakage-apply-unavailable.ts, which traces the World as loaded.
 */
export const withoutBreakages: Alias = {
  find: /^\.\.\/engine\/breakage-apply$/,
  replacement: fileURLToPath(new URL('./app/engine/breakage-apply-unavailable.ts', import.meta.url)),
};

/**
 * The embeds show no list of what the engine cannot evaluate (the app's panel does; a packet that
 * reaches such a part still stops with "cannot evaluate" in an embed): their engine worker gets
 * app/engine/unevaluable-unlisted.ts instead of collecting the list.
 */
export const withoutUnevaluableList: Alias = {
  find: /^\.\.\/engine\/unevaluable$/,
  replacement: fileURLToPath(new URL('./app/engine/unevaluable-unlisted.ts', import.meta.url)),
};

/**
 * The embeds validate scenarios but never publish the format's JSON Schema: their engine worker
 * gets app/scenario/schema-docs-unavailable.ts (empty descriptions) instead of the field docs.
 */
export const withoutSchemaDocs: Alias = {
  find: /^\.\/schema-docs$/,
  replacement: fileURLToPath(new URL('./app/scenario/schema-docs-unavailable.ts', import.meta.url)),
};

/** The app's engine worker fetches the importer when it first meets a capture (./app/scenario/load-capture-lazy.ts). */
export const lazyCaptureImport: Alias = {
  find: /^\.\/load-capture$/,
  replacement: fileURLToPath(new URL('./app/scenario/load-capture-lazy.ts', import.meta.url)),
};

/** Module aliases that swap React for preact/compat (exact specifiers only). */
export const preactCompat: Alias[] = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];

/**
 * The aliases every embed build (`<packet-walk>`, `embed.html`, the classic script) starts from:
 * React's API run by preact/compat, and each stand-in above for what the embeds leave out of their
 * engine worker. One list, so a new stand-in reaches all three builds.
 */
export const embedAliases: readonly Alias[] = [
  ...preactCompat,
  withoutClusterBuilder,
  withoutCaptureImport,
  withoutCanonicalForm,
  ...withoutRuleShapes,
  withoutSchemaDocs,
  withoutBreakages,
  withoutUnevaluableList,
];
