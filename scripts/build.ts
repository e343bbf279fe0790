/**
 * `npm run build`: the production build. The client with Vite into dist/ (served by the server), and the server with
 * esbuild into build/server/ as plain JavaScript: its entries (the server, backup, restore) and its worker threads
 * beside them, where `workerScript` looks for them. Packages stay external and load from node_modules. Then the stamp
 * `scripts/run.mjs` compares with the sources to build again only when something changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build as buildClient } from 'vite';
import { bundleServer } from '../server/work/workerScript';

const root = path.resolve(import.meta.dirname, '..');
const SERVER_OUT = path.join(root, 'build', 'server');

const what = process.argv.slice(2).filter((arg) => arg === 'client' || arg === 'server');
const started = performance.now();
if (what.length === 0 || what.includes('client')) await buildClient({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
if (what.length === 0 || what.includes('server')) {
  fs.rmSync(SERVER_OUT, { recursive: true, force: true });
  await bundleServer(root, SERVER_OUT, { sourcemap: true });
}
fs.mkdirSync(path.join(root, 'build'), { recursive: true });
fs.writeFileSync(path.join(root, 'build', 'stamp.json'), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
console.info(
  `Built ${what.length === 0 ? 'the client and the server' : `the ${what.join(' and the ')}`} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
