/**
 * Vite config for the browser app and the embed page: React, Tailwind 4, and a relative base so the
 * built `dist/` works under any path. Two pages: `index.html` (the app) and `embed.html` (the
 * iframe embed). The `<packet-walk>` script is built by `vite.embed.config.ts` into the same
 * `dist/`. Tests use `vitest.config.ts`.
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
    rolldownOptions: { input: { index: 'index.html', embed: 'embed.html' } },
  },
});
