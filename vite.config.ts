/**
 * Vite config for the browser app: React, Tailwind 4, and a relative base so the built `dist/`
 * works under any path. The dev server also serves `embed.html` (the iframe embed); its build is
 * `vite.embed-page.config.ts`, and the `<packet-walk>` script's is `vite.embed.config.ts`, both
 * into the same `dist/` after this one. Tests use `vitest.config.ts`.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { lazyCaptureImport, lazyClusterBuilder } from './vite.embed-runtime.ts';

export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
  // The engine worker fetches the cluster builder on demand (vite.embed-runtime.ts).
  resolve: { alias: [lazyClusterBuilder, lazyCaptureImport] },
  // An ES module worker (spawn.ts starts it with type: 'module') can load chunks on demand.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: { input: { index: 'index.html' } },
  },
});
