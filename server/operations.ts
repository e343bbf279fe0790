/**
 * Every operation of the HTTP API, as the server routes them and the OpenAPI document lists them: the boards', their
 * history's and letters', the spaces', and the server's own (probes, metrics, the document itself).
 */
import { AliveSchema, ReadinessSchema } from '../shared/apiSchemas';
import { ApiErrorCode } from '../shared/protocol';
import { boardOperations } from './api';
import { exportOperations } from './exports';
import { historyOperations } from './historyApi';
import { HttpError, bearerToken } from './http';
import { letterOperations } from './letterApi';
import { registry } from './metrics';
import { openApiDocument } from './openapi';
import { Router, operation } from './router';
import { spaceOperations } from './spacesApi';
import { isSecret } from './tokens';

const serverOperations = [
  operation({
    method: 'GET',
    path: '/healthz',
    id: 'alive',
    tag: 'Server',
    summary: 'Alive: the process answers. It says nothing else.',
    probe: true,
    answers: { 200: { description: 'Alive.', json: AliveSchema } },
    async handle({ json }) {
      json(200, { ok: true });
    },
  }),
  operation({
    method: 'GET',
    path: '/readyz',
    id: 'ready',
    tag: 'Server',
    summary: 'Ready for people: storage answers and takes this server’s writes, and the server is not stopping.',
    probe: true,
    answers: {
      200: { description: 'Ready.', json: ReadinessSchema },
      503: { description: 'Not ready: `problems` says why.', json: ReadinessSchema },
    },
    async handle({ context, json }) {
      const problems = await context.readiness();
      if (problems.length === 0) json(200, { ready: true, problems });
      else json(503, { ready: false, problems });
    },
  }),
  operation({
    method: 'GET',
    path: '/metrics',
    id: 'metrics',
    tag: 'Server',
    summary: 'Metrics in the Prometheus text format, with the bearer token set in `WHYBOARD_METRICS_TOKEN` (404 when none is set).',
    auth: 'metrics',
    probe: true,
    answers: { 200: { description: 'The metrics.', file: [registry.contentType] } },
    errors: { 404: 'Metrics are off: the server has no `WHYBOARD_METRICS_TOKEN`.' },
    async handle({ req, res, context }) {
      if (!context.metricsToken) throw new HttpError(404, ApiErrorCode.notFound, 'Metrics are off: set WHYBOARD_METRICS_TOKEN to turn them on.');
      if (!isSecret(bearerToken(req), context.metricsToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new HttpError(401, ApiErrorCode.unauthorized, 'Metrics need the bearer token set in WHYBOARD_METRICS_TOKEN.');
      }
      res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
      res.end(await registry.metrics());
    },
  }),
  operation({
    method: 'GET',
    path: '/api/openapi.json',
    id: 'openApi',
    tag: 'Server',
    summary: 'This document: the HTTP API in OpenAPI 3.1.',
    answers: { 200: { description: 'The document.', file: ['application/json; charset=utf-8'] } },
    async handle({ res }) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end((documentText ??= JSON.stringify(openApiDocument(OPERATIONS))));
    },
  }),
];

export const OPERATIONS = [...boardOperations, ...exportOperations, ...historyOperations, ...letterOperations, ...spaceOperations, ...serverOperations];
let documentText: string | undefined;

export const router = new Router(OPERATIONS);
