import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = path.join('server', 'work', 'worker.ts');

/** How server code is bundled to run as plain JavaScript on Node: packages stay external, loaded from node_modules. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  logLevel: 'warning',
} as const;
let built: Promise<string> | undefined;

/**
 * The worker threads' script: server/work/worker.ts and the TypeScript it imports (the report, the PDF document, the
 * board file), bundled by esbuild at first use into node_modules/.cache/whyboard/, named by its content. Packages stay
 * external and load from the project's node_modules. One way for the three ways the server runs: under tsx, as the
 * esbuild bundle the tests start, and inside vitest, none of which would let a worker load a .ts file as it is.
 */
export function workerScript(): Promise<string> {
  built ??= build().catch((error: unknown) => {
    built = undefined; // let the next job try again
    throw error;
  });
  return built;
}

async function build(): Promise<string> {
  const root = projectRoot();
  // esbuild comes with tsx, which runs the server; loaded only when a first job needs it.
  const { build } = await import('esbuild');
  const result = await build({ ...NODE_BUNDLE, entryPoints: [path.join(root, ENTRY)], write: false });
  const code = result.outputFiles[0]!.contents;
  const dir = path.join(root, 'node_modules', '.cache', 'whyboard');
  const file = path.join(dir, `worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so a second server starting at the same moment never loads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
  }
  return file;
}

/** The directory that holds server/work/worker.ts, looking up from this module (in server/work/, or in a bundle elsewhere). */
function projectRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ENTRY))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find ${ENTRY} above ${fileURLToPath(import.meta.url)}: the server needs its sources to start its worker threads.`);
  }
}
