import { defineConfig } from 'vitest/config';

// The attack suite (`npm run attack`): each test replays an attack on a real server process while a victim edits
// another board, and checks the server survived, the victim kept up and memory stayed in budget. One file at a time:
// the victim's round trips are a measurement, and two attacks at once would measure each other.
export default defineConfig({
  test: {
    root: '.',
    include: ['tests/attack/**/*.attack.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
