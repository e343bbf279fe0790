import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Plugin, Rollup } from 'vite';
import { defineConfig } from 'vitest/config';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { precompress } from './scripts/precompress.ts';
import { CenteredMessage, OPENING_BOARD } from './client/lib/CenteredMessage.tsx';

/**
 * Emits `sw.js` (client/sw/serviceWorker.js) with this build's files to cache and a version named after them.
 * Hand-written rather than vite-plugin-pwa: Workbox's build pulls in rollup, whose per-platform packages this
 * project's registry does not carry, so `npm ci` cannot install it from the lockfile.
 */
function serviceWorker(): Plugin {
  return {
    name: 'whyboard-service-worker',
    apply: 'build',
    enforce: 'post',
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

const EMPTY_ROOT = '<div id="root"></div>';
/**
 * What the board page shows until its code has run: the message it shows next, as it draws it, painted with the first
 * frame instead of once the code has loaded and run (half a second later here). React replaces it with the same.
 */
const OPENING_ROOT = `<div id="root">${renderToStaticMarkup(createElement(CenteredMessage, { title: OPENING_BOARD }))}</div>`;

/**
 * Emits `board.html`, which the server sends for a board's address (`/b/<id>`): `index.html` with the board page's
 * chunk, the chunks it imports and its CSS asked for in the document itself. The browser then fetches them beside the
 * entry, instead of learning of them only once the entry has run and asked for the page (a round trip and a parse
 * later). The home page does not pay for it. Its root holds the page's first message (`OPENING_ROOT`).
 */
function boardPagePreload(): Plugin {
  return {
    name: 'whyboard-board-page-preload',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
      const page = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/client/board/BoardPage.tsx'));
      const index = bundle['index.html'] as Rollup.OutputAsset | undefined;
      if (!page || !index) throw new Error('whyboard-board-page-preload: the build has no board page chunk or no index.html.');
      const entry = chunks.find((chunk) => chunk.isEntry)!;
      // The page's chunk and every chunk it imports statically, but the entry (the document loads it already).
      const scripts = new Set<string>();
      const add = (fileName: string) => {
        if (fileName === entry.fileName || scripts.has(fileName)) return;
        scripts.add(fileName);
        (bundle[fileName] as Rollup.OutputChunk).imports.forEach(add);
      };
      add(page.fileName);
      const styles = [...scripts].flatMap((fileName) => [...((bundle[fileName] as Rollup.OutputChunk).viteMetadata?.importedCss ?? [])]);
      const links = [
        ...[...scripts].map((fileName) => `<link rel="modulepreload" crossorigin href="/${fileName}">`),
        ...styles.map((fileName) => `<link rel="stylesheet" crossorigin href="/${fileName}">`),
      ];
      const source = String(index.source);
      if (!source.includes(EMPTY_ROOT)) throw new Error(`whyboard-board-page-preload: index.html has no ${EMPTY_ROOT}.`);
      const html = source.replace('</head>', `  ${links.join('\n    ')}\n  </head>`).replace(EMPTY_ROOT, OPENING_ROOT);
      this.emitFile({ type: 'asset', fileName: 'board.html', source: html });
    },
  };
}

/** Writes compressed copies of the build's text files beside them, for the server to send (scripts/precompress.ts). */
function precompressed(): Plugin {
  return {
    name: 'whyboard-precompress',
    apply: 'build',
    async writeBundle(options) {
      if (options.dir) await precompress(options.dir);
    },
  };
}

// The client is built into dist/ and served by the Whyboard server; `npm run dev` proxies the API and sync to it.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react(), boardPagePreload(), serviceWorker(), precompressed()],
  // The manifest tells the benchmark (bench/bundleSize.ts) which files each page loads first. Source maps are 'hidden':
  // written beside the bundle for whoever runs the server to read a stack trace with, but not referenced from it, and
  // the server never serves them (they would hand anyone the whole source, comments included).
  // The budget that matters is each page's first load (bench/bundleSize.ts); the one chunk over Vite's 500 kB warning is
  // the coach's language model, loaded after the board is on screen (client/lib/reading.ts).
  // Most of a build's time is compressing its files (scripts/precompress.ts), on purpose: Rolldown's warning that a
  // plugin took most of the build says only that.
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: 'hidden',
    manifest: true,
    chunkSizeWarningLimit: 5_000,
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
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
