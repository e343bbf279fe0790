import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The server's worker threads, by name: the job pool's (Piscina) and the SQLite writer. */
export const ENTRIES = {
  work: path.join('server', 'work', 'worker.ts'),
  sqliteWriter: path.join('server', 'storage', 'sqliteWriter.worker.ts'),
} as const;
export type WorkerEntry = keyof typeof ENTRIES;

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
const built = new Map<WorkerEntry, Promise<string>>();

/** The server's programs: each is run from the build as plain JavaScript (`node scripts/run.mjs <name>`). */
export const PROGRAMS = {
  main: path.join('server', 'main.ts'),
  backup: path.join('server', 'backup.ts'),
  restore: path.join('server', 'restore.ts'),
} as const;

/**
 * Bundles the server's programs into `outdir` as `<name>.mjs`, their worker threads beside them (`work.mjs`,
 * `sqliteWriter.mjs`, where `workerScript` looks for them): the production build and the tests' server, alike.
 */
export async function bundleServer(root: string, outdir: string, options: { sourcemap?: boolean } = {}): Promise<void> {
  const { build } = await import('esbuild');
  const entries = { ...PROGRAMS, ...ENTRIES };
  const entryPoints = Object.entries(entries).map(([out, entry]) => ({ out, in: path.join(root, entry) }));
  await build({ ...NODE_BUNDLE, entryPoints, outdir, outExtension: { '.js': '.mjs' }, ...options });
}

/**
 * How every worker thread of the server starts: without the process's Node flags. A worker inherits them by default,
 * from the command line and from `NODE_OPTIONS`, and they are for the process (tsx's loader, vitest's, a benchmark's
 * probe written in TypeScript, which a worker without that loader fails to import and dies). A worker runs one plain
 * bundle and needs none of them.
 */
export const WORKER_FLAGS = {
  execArgv: [] as string[],
  env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS')),
};

/**
 * A worker thread's script: its entry (`ENTRIES`) and the TypeScript it imports, bundled by esbuild at first use into
 * node_modules/.cache/whyboard/, named by its content. Packages stay external and load from the project's
 * node_modules. One way for the three ways the server runs: under tsx, as the esbuild bundle the tests start, and
 * inside vitest, none of which would let a worker load a .ts file as it is. The server asks for every script when it
 * starts, so the first job and the first commit do not wait for the build.
 */
export function workerScript(entry: WorkerEntry = 'work'): Promise<string> {
  // A bundle of the server (the tests', or a production build) carries its workers beside it, built with it.
  const beside = fileURLToPath(new URL(`./${entry}.mjs`, import.meta.url));
  if (import.meta.url.endsWith('.mjs') && fs.existsSync(beside)) return Promise.resolve(beside);
  let script = built.get(entry);
  if (!script) {
    script = build(entry).catch((error: unknown) => {
      built.delete(entry); // let the next job try again
      throw error;
    });
    built.set(entry, script);
  }
  return script;
}

async function build(entry: WorkerEntry): Promise<string> {
  const root = projectRoot();
  // esbuild comes with tsx, which runs the server; loaded only when a first job needs it.
  const { build } = await import('esbuild');
  const result = await build({ ...NODE_BUNDLE, entryPoints: [path.join(root, ENTRIES[entry])], write: false });
  const code = result.outputFiles[0]!.contents;
  const dir = path.join(root, 'node_modules', '.cache', 'whyboard');
  const file = path.join(dir, `${entry}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so a second server starting at the same moment never loads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
  }
  return file;
}

/** The directory that holds the workers' entries, looking up from this module (in server/work/, or in a bundle elsewhere). */
function projectRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ENTRIES.work))) return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`Cannot find ${ENTRIES.work} above ${fileURLToPath(import.meta.url)}: the server needs its sources to start its worker threads.`);
  }
}
