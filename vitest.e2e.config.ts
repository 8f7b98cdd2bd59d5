// Browser tests: the real headless server driven through Debian's Chromium (`npm test` runs
// this after the unit suite when the file exists).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 150_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
