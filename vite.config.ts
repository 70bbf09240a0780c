/**
 * Vite config for the browser app: React, Tailwind 4, and a relative base so the built `dist/`
 * works under any path. The dev server also serves `embed.html` (the iframe embed); its build is
 * `vite.embed-page.config.ts`, and the `<packet-walk>` script's is `vite.embed.config.ts`, both
 * into the same `dist/` after this one. Tests use `vitest.config.ts`.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: { input: { index: 'index.html' } },
  },
});
