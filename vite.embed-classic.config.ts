/**
 * Vite config for `dist/packet-walk.classic.js`, the CLASSIC script (no `type="module"`) that
 * defines `<packet-walk>`, for documentation sites on another host that sends no CORS headers:
 * module scripts and `import()` are CORS requests, a classic `<script src>` is not. One IIFE with
 * everything the element needs up front (the same element as `packet-walk.js`, its CSS and its
 * engine worker inlined; the worker starts from a blob of its code). What it loads later is loaded
 * with script tags too (JSONP, app/embed/classic/jsonp.ts), from `dist/packet-walk-classic/`, which
 * this build writes: one file per bundled scenario (cluster files expanded, as for the module
 * build) and one with the 简体中文 catalogs, each calling `__packetWalkClassic(key, value)`.
 * Runs after the other builds (`npm run build`) and adds to their `dist/`.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { bundledScenarioTexts, embedAliases, expandBundledClusters } from './vite.embed-runtime.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);
/** A JSONP file: a classic script that hands `value` to the classic script's loader. */
const jsonp = (key: string, value: unknown) => `__packetWalkClassic(${JSON.stringify(key)},${JSON.stringify(value)});\n`;

/** The 简体中文 catalogs as app/i18n/zh-lazy.ts delivers them, read with tsx. */
function zhCatalogs(): unknown {
  const code = "const [a,b]=await Promise.all([import('./app/i18n/zh.ts'),import('./app/engine/messages/zh/index.ts')]);process.stdout.write(JSON.stringify({ui:a.zh,engine:b.zh}));";
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: here('.'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

/**
 * Writes `packet-walk-classic/<name>-<hash>.js` for every bundled scenario and the 简体中文 words,
 * and tells the bundle their names (`__PACKETWALK_CLASSIC_FILES__`). The hash in each name is its
 * content's, so a cached file is never stale.
 */
function classicFiles(): Plugin {
  const files: Record<string, string> = {};
  const names = { scenarios: {} as Record<string, string>, zh: '' };
  return {
    name: 'packetwalk-classic-files',
    config() {
      for (const [id, text] of Object.entries(bundledScenarioTexts())) {
        const stem = `${id}-${hash(text)}`;
        names.scenarios[id] = stem;
        files[stem] = jsonp(stem, text);
      }
      const zh = zhCatalogs();
      names.zh = `zh-${hash(JSON.stringify(zh))}`;
      files[names.zh] = jsonp(names.zh, zh);
      return { define: { __PACKETWALK_CLASSIC_FILES__: JSON.stringify(names) } };
    },
    generateBundle() {
      for (const [stem, source] of Object.entries(files)) this.emitFile({ type: 'asset', fileName: `packet-walk-classic/${stem}.js`, source });
    },
  };
}

/**
 * The one lazy import of the main bundle this form has no use for: the `yaml` library the store
 * fetches to switch a cluster's settings (the app's cluster menu; an embed never does). An IIFE
 * has no chunks, so it would be inlined; it is a stub that refuses instead.
 */
function withoutYamlEditing(): Plugin {
  const stub = '\0packetwalk-no-yaml-editing';
  return {
    name: 'packetwalk-classic-no-yaml-editing',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === 'yaml' && importer && /[\\/]app[\\/]store[\\/]slices[\\/]scenario\.ts$/.test(importer) ? stub : null;
    },
    load(id) {
      return id === stub ? "export function parseDocument() { throw new Error('the embed does not edit cluster files'); }" : null;
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [classicFiles(), withoutYamlEditing(), expandBundledClusters(), react(), tailwindcss()],
  resolve: {
    alias: [
      ...embedAliases,
      // Scenarios and 简体中文 by script tag instead of import().
      { find: /^\.\/bundled-lazy$/, replacement: here('./app/embed/classic/bundled-jsonp.ts') },
      { find: /^\.\/zh-lazy$/, replacement: here('./app/embed/classic/zh-jsonp.ts') },
    ],
  },
  publicDir: false,
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
    // A classic script has no import.meta: its own URL is document.currentScript's while it runs
    // (module code runs then, all of it, top-level constants included).
    'import.meta.url': '(document.currentScript&&document.currentScript.src||document.baseURI)',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    minify: true,
    chunkSizeWarningLimit: 1200,
    lib: { entry: 'app/embed/element-entry.ts', formats: ['iife'], name: 'PacketWalk', fileName: () => 'packet-walk.classic.js' },
    rolldownOptions: { output: { minify: true, codeSplitting: false } },
  },
});
