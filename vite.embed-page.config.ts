/**
 * Vite config for `dist/embed.html`, the iframe embed: the page, its scripts, styles and engine
 * worker, and the bundled scenarios as on-demand chunks, with the UI on preact/compat
 * (vite.embed-runtime.ts). Runs after the app build (`npm run build`) and adds to its `dist/`.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { embedAliases, expandBundledClusters } from './vite.embed-runtime.ts';

export default defineConfig({
  base: './',
  plugins: [expandBundledClusters(), react(), tailwindcss()],
  resolve: { alias: [...embedAliases] },
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: { input: { embed: 'embed.html' } },
  },
});
