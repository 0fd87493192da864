import { defineConfig } from 'vitest/config';

// Browser tests (issue 5): the real server on a fresh test database, driven through Debian's
// Chromium with playwright-core. Not part of `npm test`; run with `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/fail-on-console-error.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
