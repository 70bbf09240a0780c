/**
 * Vite config for the browser app: React, Tailwind 4, and a relative base so the built `dist/`
 * works under any path. Tests use `vitest.config.ts`.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', chunkSizeWarningLimit: 1200 },
});
