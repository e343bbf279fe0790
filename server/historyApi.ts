/**
 * A board's history over HTTP (any role may read it, viewers included):
 * - `GET /api/boards/:id/history`: the steps a person reads (`shared/history/steps.ts`), oldest first, as JSON;
 * - `GET /api/boards/:id/history/changes`: every stored change with when and who, as bytes (`encodeChanges`), for the
 *   browser's replay.
 * The exports take `?at=` (see `momentOf` in exports.ts): the board as it was then. Restoring a moment is an edit made through the
 * document by whoever restores it (the browser), never a rewrite of what is stored.
 */
import { HistorySchema } from '../shared/apiSchemas';
import { encodeChanges } from '../shared/history/changes';
import { ApiErrorCode } from '../shared/protocol';
import { BUSY, BoardIdParam } from './api';
import { HttpError, clientAddress, whileConnected } from './http';
import { operation } from './router';

export const historyOperations = [
  operation({
    method: 'GET',
    path: '/api/boards/{board}/history',
    id: 'getHistory',
    tag: 'History',
    summary: 'The steps a person reads ("Sam added …", "Fran ruled out …"), oldest first.',
    auth: 'board',
    params: { board: BoardIdParam },
    answers: { 200: { description: "The board's history.", json: HistorySchema } },
    errors: BUSY,
    async handle({ req, res, grant: { record }, context, json }) {
      const changes = await context.storage.history(record.id);
      const steps = await context.work.run('history', { changes }, { owner: clientAddress(req), signal: whileConnected(res) });
      json(
        200,
        steps.map(({ at, from, ...step }) => ({ at: new Date(at).toISOString(), from: new Date(from).toISOString(), ...step })),
      );
    },
  }),
  operation({
    method: 'GET',
    path: '/api/boards/{board}/history/changes',
    id: 'getHistoryChanges',
    tag: 'History',
    summary: 'Every stored change with when and by whom, as bytes, for a replay (the browser decodes them with `decodeChanges`).',
    description: 'Each address may download `historyBytesPerMinute` of history a minute; past it, a 429 with `Retry-After`.',
    auth: 'board',
    params: { board: BoardIdParam },
    answers: { 200: { description: 'The changes, encoded.', file: ['application/octet-stream'] } },
    errors: { 429: 'This address has downloaded as much history as it may for a minute (`historyBytesPerMinute`).' },
    async handle({ req, res, grant: { record }, context }) {
      const body = encodeChanges(await context.storage.history(record.id));
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
    },
  }),
];
