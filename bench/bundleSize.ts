/**
 * The JavaScript each page needs before it can paint (gzipped), from the build's manifest: the entry, the page's chunk
 * and every chunk they import statically. Lazy chunks (the tree picture export) are listed apart. Target for a
 * board: 200 KiB (React, React Flow, Yjs and y-websocket alone are about 154 KiB). Run after `vite build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  isDynamicEntry?: boolean;
}

const dist = path.resolve(import.meta.dirname, '../dist');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
const gzipped = (file: string) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).byteLength;

/** The chunk keys loaded, statically, with `key`. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
  return seen;
}

const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
const pages = { board: 'board/BoardPage.tsx', home: 'home/HomePage.tsx' };
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const rows: Record<string, number> = {};
console.info('\nInitial JavaScript per page (gzip -9)\n');
for (const [page, source] of Object.entries(pages)) {
  const key = Object.keys(manifest).find((candidate) => candidate.endsWith(source));
  if (!key) throw new Error(`No chunk for ${source} in the manifest: is the page still loaded lazily?`);
  const files = [...closure(key, closure(entry))].map((chunk) => manifest[chunk]!.file);
  rows[page] = files.reduce((sum, file) => sum + gzipped(file), 0);
  console.info(`${page.padEnd(6)} ${kib(rows[page]).padStart(10)}   ${files.join(', ')}`);
}
const lazy = Object.values(manifest).filter((chunk) => chunk.isDynamicEntry && !Object.values(pages).some((source) => chunk.src?.endsWith(source)));
for (const chunk of lazy) console.info(`lazy   ${kib(gzipped(chunk.file)).padStart(10)}   ${chunk.file} (${chunk.src ?? 'shared'})`);
console.info(`\nBoard page: ${kib(rows.board!)} of the 200 KiB budget (×${(rows.board! / (200 * 1024)).toFixed(2)}).`);
fs.mkdirSync(path.resolve(import.meta.dirname, '../test-results'), { recursive: true });
fs.writeFileSync(path.resolve(import.meta.dirname, '../test-results/bench-bundle.json'), `${JSON.stringify(rows, null, 2)}\n`);
