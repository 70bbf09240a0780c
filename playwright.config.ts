/**
 * Playwright e2e config: builds the app and serves it with `vite preview`, runs Debian's Chromium
 * headless at 1280×720 (the projector size). Artefacts go to e2e-output/ (gitignored).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e-output/test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 4,
  reporter: [['list']],
  use: {
    baseURL: 'http://localhost:4173',
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  // The long-task measurements (offmain.spec.ts) run last and alone, on a machine the other specs
  // no longer load; the rest runs in parallel.
  projects: [
    { name: 'app', testIgnore: /offmain\.spec\.ts/ },
    { name: 'main-thread', testMatch: /offmain\.spec\.ts/, dependencies: ['app'], fullyParallel: false, workers: 1 },
  ],
  webServer: {
    command: 'npm run build && npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
