// @ts-check
/**
 * `npm start`, `npm run backup`, `npm run restore`: runs one of the server's compiled programs (build/server/<name>.mjs)
 * with plain Node: no tsx, no type stripping at run time. First it builds, with `npm run build`, when the build is
 * missing or older than a source it was made from; otherwise it starts at once. Plain JavaScript (checked by tsc):
 * Node cannot run TypeScript by itself, and this is what runs before anything is built.
 *
 *   node scripts/run.mjs main                  the server
 *   node scripts/run.mjs backup <file>         a consistent copy of the live SQLite database
 *   node scripts/run.mjs restore <file>        puts a copy back, with the server stopped
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const [program = 'main', ...args] = process.argv.slice(2);

/** What the build is made from: a change to any of these makes it stale. */
const SOURCES = ['client', 'server', 'shared', 'vite.config.ts', 'package-lock.json', 'scripts/build.ts'];

/**
 * The newest modification time under `target` (a file or a folder), in ms.
 * @param {string} target
 * @returns {number}
 */
function newest(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

const stamp = path.join(root, 'build', 'stamp.json');
const script = path.join(root, 'build', 'server', `${program}.mjs`);
const outputs = [stamp, path.join(root, 'build', 'server', 'main.mjs'), path.join(root, 'dist', 'index.html')];
const builtAt = outputs.every((file) => fs.existsSync(file)) ? fs.statSync(stamp).mtimeMs : 0;
const changedAt = Math.max(...SOURCES.map((source) => newest(path.join(root, source))));
if (builtAt < changedAt) {
  console.info(builtAt === 0 ? 'No build yet: building…' : 'Sources changed since the last build: building again…');
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
if (!fs.existsSync(script)) {
  console.error(`There is no program called "${program}" (build/server/${program}.mjs). Try main, backup or restore.`);
  process.exit(2);
}
process.argv = [process.argv[0] ?? 'node', script, ...args];
await import(pathToFileURL(script).href);
