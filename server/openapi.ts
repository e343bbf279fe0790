/**
 * The HTTP API's OpenAPI 3.1 document, made from the operations table (server/operations.ts) and the zod schemas it
 * names (shared/apiSchemas.ts, shared/schemas.ts): every schema an operation takes or answers has an id, and is one of
 * the document's components. Served at `GET /api/openapi.json`; `tests/server/openapi.test.ts` calls every operation
 * it lists and checks each answer against it.
 */
import { z } from 'zod';
import packageJson from '../package.json';
import type { Answer, Operation, Tag } from './router';

type Json = Record<string, unknown>;

const COMPONENT = '#/components/schemas/';

const TAGS: Record<Tag, string> = {
  Boards: 'A board is one analysis: from the complaint, in the customer’s words, to its root causes and actions.',
  Exports: 'Files made from a board or a space: the internal report, the customer letter, the board itself, the actions.',
  Letters: 'The customer letter, sent by e-mail once the facilitator has signed it off.',
  History: 'Every change a board went through, and who made it.',
  Spaces: 'A team space gathers a team’s boards: their states, their actions, what recurs.',
  Server: 'Probes, metrics, and this document.',
};

const DESCRIPTION = `Whyboard's HTTP API: making boards and team spaces, passing on their links, reading them, exporting them.

**Access.** A board's or a space's link carries its token after \`#token=\`; send it as \`Authorization: Bearer <token>\`.
The token's role (a board's facilitator, editor or viewer; a space's admin or member) decides what it may do, on the
server. A team space's link opens each of its boards as an editor.

**Errors.** Every error is JSON: \`{ "error": { "code", "message", "field"? } }\`. \`code\` is stable, for programs;
\`message\` says what to do, for people; \`field\` names the field or parameter at fault. A 429 or 503 comes with
\`Retry-After\`, a 405 with \`Allow\`.

**Editing.** A board's content is a Yjs document, edited over the WebSocket at \`/sync/{board}?token=<token>\` with
the y-websocket protocol and Whyboard's extensions, described in docs/PROTOCOL.md.`;

/** The document for `operations`. */
export function openApiDocument(operations: readonly Operation[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = describe(operation);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Whyboard', version: packageJson.version, description: DESCRIPTION },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        boardLink: { type: 'http', scheme: 'bearer', description: "The token of one of the board's links, or of a link of its team space." },
        spaceLink: { type: 'http', scheme: 'bearer', description: "The token of one of the team space's links." },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The token set in `WHYBOARD_METRICS_TOKEN`.' },
      },
    },
  };
}

const SECURITY = { board: 'boardLink', space: 'spaceLink', metrics: 'metricsToken' } as const;

function describe(operation: Operation): Json {
  const parameters = [
    ...Object.entries<z.ZodType>(operation.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: inline(schema) })),
    ...Object.entries(operation.query ?? {}).map(([name, { schema, description }]) => ({ name, in: 'query', description, schema: inline(schema) })),
  ];
  const { body, upload } = operation;
  return {
    operationId: operation.id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security: operation.auth ? [{ [SECURITY[operation.auth]]: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: reference(body, operation) } } } } : {}),
    ...(upload ? { requestBody: { required: true, description: upload.description, content: { [upload.type]: {} } } } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(operation.answers).map(([status, answer]) => [status, response(answer, operation)])),
      default: {
        description: 'An error: `code` says which, `message` what to do.',
        content: { 'application/json': { schema: { $ref: `${COMPONENT}Error` } } },
      },
    },
  };
}

function response(answer: Answer, operation: Operation): Json {
  if ('json' in answer) return { description: answer.description, content: { 'application/json': { schema: reference(answer.json, operation) } } };
  if ('file' in answer) return { description: answer.description, content: Object.fromEntries(answer.file.map((type) => [type, {}])) };
  return { description: answer.description };
}

/** A reference to a body's component: every body has an id (`.meta({ id })`), so programs get named types. */
function reference(schema: z.ZodType, operation: Operation): Json {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error(`${operation.id}: give its schemas an id with .meta({ id }), so the document names them.`);
  return { $ref: `${COMPONENT}${id}` };
}

/** The components: every schema with an id, as a request takes it (which, for answers, is what they send). */
function components(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', uri: (id) => `${COMPONENT}${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as Json)]));
}

/** A parameter's schema, written out in place. */
const inline = (schema: z.ZodType): Json => withoutDialect(z.toJSONSchema(schema, { io: 'input' }) as Json);

/** OpenAPI 3.1's dialect is the document's: a schema need not name it, nor an id of its own. */
function withoutDialect({ $schema: _dialect, $id: _id, ...schema }: Json): Json {
  return schema;
}
