import { defineConfig } from 'vitest/config';

// Engine and scenario tests run in Node; store tests too (the store has no DOM dependency).
export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'app/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
