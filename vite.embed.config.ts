/**
 * Vite config for `dist/packet-walk.js`, the script that defines `<packet-walk>`: a library-style
 * ES module build with a stable file name, its Tailwind CSS compiled into it as a string (injected
 * into each element's shadow root), and the bundled scenarios as small on-demand chunks under
 * `dist/packet-walk/`. Runs after the app build (`npm run build`) and adds to its `dist/`. The UI
 * runs on preact/compat (vite.embed-runtime.ts).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { embedAliases, expandBundledClusters } from './vite.embed-runtime.ts';

export default defineConfig({
  base: './',
  plugins: [expandBundledClusters(), react(), tailwindcss()],
  // React's API, run by preact/compat: see vite.embed-runtime.ts.
  resolve: { alias: [...embedAliases] },
  publicDir: false,
  // Library builds keep `process.env.NODE_ENV` for a consumer's bundler; this file runs as is.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    minify: true,
    chunkSizeWarningLimit: 1200,
    lib: { entry: 'app/embed/element-entry.ts', formats: ['es'], fileName: () => 'packet-walk.js' },
    rolldownOptions: { output: { chunkFileNames: 'packet-walk/[name]-[hash].js', minify: true } },
  },
});
