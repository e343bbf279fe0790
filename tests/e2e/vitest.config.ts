import { defineConfig } from 'vitest/config';

// End-to-end tests: the built client (dist/) served by a real server, driven in Debian's Chromium.
export default defineConfig({
  test: {
    root: '.',
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // Several browsers share two cores here: give what should appear a few seconds, not the default one.
    expect: { poll: { timeout: 5000, interval: 50 } },
  },
});
