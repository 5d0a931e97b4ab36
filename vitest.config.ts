import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Process and server tests spawn real children; two cores run them two files at a time.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
