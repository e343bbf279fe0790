/**
 * A board's history over HTTP (any role may read it, viewers included):
 * - `GET /api/boards/:id/history`: the steps a person reads (`shared/history/steps.ts`), oldest first, as JSON;
 * - `GET /api/boards/:id/history/changes`: every stored change with when and who, as bytes (`encodeChanges`), for the
 *   browser's replay.
 * The exports take `?at=` (see `momentOf`): the board as it was then. Restoring a moment is an edit made through the
 * document by whoever restores it (the browser), never a rewrite of what is stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { encodeChanges, momentAt, type Moment } from '../shared/history/changes';
import type { HistoryStepView } from '../shared/history/steps';
import { ApiErrorCode } from '../shared/protocol';
import { allow, authorize, type ApiContext } from './api';
import { HttpError, clientAddress, sendJson, whileConnected } from './http';

const HISTORY_PATH = /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/history(\/changes)?$/;

export async function handleHistoryApi(req: IncomingMessage, res: ServerResponse, path: string, context: ApiContext): Promise<boolean> {
  const match = HISTORY_PATH.exec(path);
  if (!match) return false;
  allow(req, 'GET');
  const { record } = await authorize(req, match[1]!, context.storage);
  const changes = await context.storage.history(record.id);
  if (match[2]) {
    const body = encodeChanges(changes);
    if (!context.historyBytes.take(clientAddress(req), body.byteLength)) {
      throw new HttpError(
        429,
        ApiErrorCode.tooManyRequests,
        'This address has downloaded as much history as it may for a minute: try again shortly.',
        undefined,
        60,
      );
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.byteLength, 'Cache-Control': 'no-store' });
    res.end(body);
    return true;
  }
  const steps = await context.work.run('history', { changes }, { owner: clientAddress(req), signal: whileConnected(res) });
  sendJson(
    res,
    200,
    steps.map(({ at, from, ...step }): HistoryStepView => ({ at: new Date(at).toISOString(), from: new Date(from).toISOString(), ...step })),
  );
  return true;
}

const At = z.iso.datetime({ offset: true, error: 'A moment is an ISO time, such as 2026-12-05T14:30:00Z.' });

/**
 * The board as it was at the export's `?at=` (an ISO time), from its history; undefined without one. A moment before the
 * history begins is a 400 saying when it does.
 */
export async function momentOf(url: URL, boardId: string, context: Pick<ApiContext, 'storage'>): Promise<Moment | undefined> {
  const param = url.searchParams.get('at');
  if (param === null) return undefined;
  const parsed = At.safeParse(param);
  if (!parsed.success) throw new HttpError(400, ApiErrorCode.invalidBody, parsed.error.issues[0]!.message, 'at');
  // A moment still to come is now: a document is never dated in the future.
  const at = Math.min(Date.parse(parsed.data), Date.now());
  const changes = await context.storage.history(boardId);
  const first = changes[0]?.at;
  if (first === undefined || at < first) {
    const since = first === undefined ? 'nothing is kept' : `it begins at ${new Date(first).toISOString()}`;
    throw new HttpError(400, ApiErrorCode.invalidBody, `The board’s history does not reach back to ${parsed.data}: ${since}.`, 'at');
  }
  return momentAt(changes, at);
}
