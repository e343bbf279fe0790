/**
 * The client's build (dist/), as browsers ask for it: each file by its address, the build's compressed copy the browser
 * accepts where there is one (`scripts/precompress.ts`), and the app's page for an address that names a page rather
 * than a file. `send` (Express's own) does the HTTP: ranges, conditional requests, `HEAD`, and a file closed however
 * the response ends (the static server used before left a file open for every download a client cut short: 20,000 of
 * them, in 18 seconds, took the process down).
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import mime from 'mime-types';
import Negotiator from 'negotiator';
import send from 'send';

/** The compressed copies a file may have beside it, best first (Brotli's are smaller), and their names' endings. */
const CODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;
type Coding = (typeof CODINGS)[number][0];

/** A file of the build, by its address, with the compressed copies the build wrote beside it. */
interface BuiltFile {
  /** The address it is served at (decoded): `/assets/index-abc.js`. */
  address: string;
  codings: Coding[];
}

/** What `serve` did: sent the file (or is sending it), or found none at that address. */
export type Served = 'sent' | 'missing';

export interface StaticFiles {
  /**
   * Sends the file at `pathname` (as the request's URL has it, percent-encoded), or `fallback` (a page's file, such as
   * `/index.html`) for an address that names a page: not a file (no extension), and not under /assets/.
   */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string, fallback: string): Served;
}

/**
 * The build in `dir`, read once (as it is when the server starts: a new build comes with a restart). Not served: source
 * maps (they would hand anyone the whole source, comments included), dotfiles (the build's manifest), and the
 * compressed copies by their own names (only as an encoding of their file).
 */
export function staticFiles(dir: string): StaticFiles {
  const files = new Map<string, BuiltFile>();
  // Files only (not a link that leads nowhere, not a directory), by their names under `dir`, with `/` between parts.
  const names = new Set(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
  );
  for (const name of names) {
    if (name.endsWith('.map') || CODINGS.some(([, ending]) => name.endsWith(ending)) || name.split('/').some((part) => part.startsWith('.'))) continue;
    const address = `/${name}`;
    files.set(address, { address, codings: CODINGS.filter(([, ending]) => names.has(`${name}${ending}`)).map(([coding]) => coding) });
  }

  return {
    serve(req, res, pathname, fallback) {
      const file = files.get(decoded(pathname)) ?? (namesAPage(pathname) ? files.get(fallback) : undefined);
      if (!file) return 'missing';
      const coding = bestCoding(req, file.codings);
      const immutable = file.address.startsWith('/assets/');
      // Every copy is the same file to the browser: its type, and which encoding this one is. Caches keep one answer
      // per encoding asked for.
      res.setHeader('Content-Type', mime.contentType(path.extname(file.address)) || 'application/octet-stream');
      if (coding) res.setHeader('Content-Encoding', coding);
      if (file.codings.length > 0) res.setHeader('Vary', 'Accept-Encoding');
      // Vite names each asset after its content: it can be kept for good. A page never is (it names the assets).
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      const ending = CODINGS.find(([name]) => name === coding)?.[1] ?? '';
      send(req, encodeURI(`${file.address}${ending}`), { root: dir, cacheControl: false, dotfiles: 'deny', index: false })
        .on('error', (error: Error & { status?: number; headers?: Record<string, string> }) => answerError(res, error))
        .pipe(res);
      return 'sent';
    },
  };
}

/** What describes a file's answer, and must not describe an answer about something else. */
const FILE_HEADERS = ['Content-Type', 'Content-Encoding', 'Content-Length', 'Content-Range', 'Vary', 'Cache-Control', 'ETag', 'Last-Modified', 'Accept-Ranges'];

/** What `send` could not send, in words, by its status. */
const ERROR_TEXT: Record<number, string> = {
  404: 'This file is not available: reload the page.',
  412: 'This file has changed since you asked for it.',
  416: 'This range is outside the file.',
};

/**
 * An answer for what `send` could not send: a condition or a range it cannot meet (412, 416), a file gone since the
 * server started (a build over a running server), a read that failed. A read that fails mid-file cannot be answered
 * any more (its headers went): the response is cut, and the browser sees the download fail.
 */
function answerError(res: ServerResponse, error: Error & { status?: number; headers?: Record<string, string> }): void {
  if (res.headersSent) return void res.destroy(error);
  for (const header of FILE_HEADERS) res.removeHeader(header);
  const status = error.status ?? 500;
  const text = ERROR_TEXT[status] ?? 'This file could not be read.';
  res
    .writeHead(status, {
      ...error.headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
    })
    .end(text);
}

/** The address decoded, or '' for one that does not decode (no file has that address). */
function decoded(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return '';
  }
}

/** Whether an address names a page of the app (`/`, `/b/<id>`), not a file: outside /assets/, without an extension. */
const namesAPage = (pathname: string) => !pathname.startsWith('/assets/') && !pathname.slice(pathname.lastIndexOf('/') + 1).includes('.');

/**
 * The copy to send, by the browser's Accept-Encoding (q-values and all: a coding it rules out with `q=0` never goes),
 * Brotli before gzip where it likes both as much; none (the file as built) when it accepts neither.
 */
function bestCoding(req: IncomingMessage, codings: Coding[]): Coding | undefined {
  if (codings.length === 0) return undefined;
  // negotiator 1.x takes the server's order for codings the client likes as much (its types, for 0.6, do not say so).
  const negotiator = new Negotiator(req) as Negotiator & { encoding(available: string[], options: { preferred: string[] }): string | undefined };
  const available = [...codings, 'identity'];
  const best = negotiator.encoding(available, { preferred: available });
  return codings.find((coding) => coding === best);
}
