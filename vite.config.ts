import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Emits `sw.js` (client/sw/serviceWorker.js) with this build's files to cache and a version named after them.
 * Hand-written rather than vite-plugin-pwa: Workbox's build pulls in rollup, whose per-platform packages this
 * project's registry does not carry, so `npm ci` cannot install it from the lockfile.
 */
function serviceWorker(): Plugin {
  return {
    name: 'whyboard-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((file) => !file.endsWith('.map'));
      const assets = ['/index.html', ...files.filter((file) => file !== 'index.html').map((file) => `/${file}`)];
      const version = `whyboard-${createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12)}`;
      const source = fs
        .readFileSync(new URL('./client/sw/serviceWorker.js', import.meta.url), 'utf8')
        .replace('__VERSION__', JSON.stringify(version))
        .replace('__ASSETS__', JSON.stringify(assets));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// The client is built into dist/ and served by the Whyboard server; `npm run dev` proxies the API and sync to it.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [
    react(),
    serviceWorker(),
  ],
  // The manifest tells the benchmark (bench/bundleSize.ts) which files each page loads first. Source maps are 'hidden':
  // written beside the bundle for whoever runs the server to read a stack trace with, but not referenced from it, and
  // the server never serves them (they would hand anyone the whole source, comments included).
  build: { outDir: '../dist', emptyOutDir: true, sourcemap: 'hidden', manifest: true },
  server: {
    proxy: {
      // Both reach the server with a loopback Host, which it always answers to: Vite's string form rewrites Host to the
      // target (127.0.0.1:8080); the socket keeps the browser's (localhost:5173), which its Origin check compares with.
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
