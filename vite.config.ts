import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

// The client is built into dist/ and served by the Whyboard server; `npm run dev` proxies the API and sync to it.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [
    react(),
    // A service worker keeps the app shell, so a board page reloads without the network (the board itself is in
    // IndexedDB). New versions take over on the next load; the API and the sync socket always go to the network.
    VitePWA({
      injectRegister: 'script-defer',
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/sync\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
      },
    }),
  ],
  build: { outDir: '../dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    root: '.',
    include: ['tests/{shared,server,client}/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
