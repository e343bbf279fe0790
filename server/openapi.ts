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
\`message\` says what to do, for people; \`field\` names the field or parameter at fault. Each operation lists the
errors it gives; a 429, and a 503 when the server is busy, come with \`Retry-After\`; a path's other methods get 405 with
\`Allow\`; every GET takes HEAD too. Beside those, any request may get 421 (a \`Host\` this server does not answer to)
or 500.

**Limits.** A JSON body holds at most 64 KiB (\`restBodyBytes\`), a board file 8 MiB (\`importBodyBytes\`). Each
address may make 60 boards or spaces a minute (\`boardsPerMinute\`) and 10 imports (\`importsPerMinute\`). Texts are
limited in UTF-16 code units, as browsers count them: an emoji counts two. Whoever runs the server sets these
(\`WHYBOARD_LIMITS\`).

**Editing.** A board's content is a Yjs document, edited over the WebSocket at \`/sync/{board}?token=<token>\` with
the y-websocket protocol and Whyboard's extensions, described in \`docs/PROTOCOL.md\` in Whyboard's source. A refused
upgrade answers with an error of the same shape.`;

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
    ...(upload
      ? {
          requestBody: {
            required: true,
            description: upload.description,
            content: { [mediaType(upload.type)]: { schema: fileSchema(mediaType(upload.type)) } },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(Object.entries(operation.answers).map(([status, answer]) => [status, response(Number(status), answer, operation)])),
      ...Object.fromEntries(Object.entries(errorsOf(operation)).map(([status, description]) => [status, failure(Number(status), description)])),
      default: failure(500, 'Something went wrong on the server, or a `Host` it does not answer to (421).'),
    },
  };
}

/** What path parameters name, in an error's words. */
const NOUNS: Record<string, string> = { board: 'board', space: 'space', role: 'link of that role', name: 'export of that name' };

/** The errors an operation gives: those its table entry implies, then its own. */
function errorsOf(operation: Operation): Record<number, string> {
  const { body, upload, query, auth, params, quota } = operation;
  const errors: Record<number, string> = {};
  if (body || upload || query) {
    errors[400] = `${body || upload ? 'The body is not what this operation takes' : 'A query parameter is not what it should be'}: the message says why, \`field\` names what.`;
  }
  if (auth) errors[401] = `No token, or not a valid one for this ${auth === 'metrics' ? 'server’s metrics' : auth}.`;
  if (params)
    errors[404] = `There is no such ${Object.keys(params)
      .map((name) => NOUNS[name] ?? name)
      .join(', or no such ')}.`;
  if (body || upload) errors[413] = `The body is larger than the server takes (${upload ? 'a board file, 8 MiB by default' : '64 KiB by default'}).`;
  if (quota)
    errors[429] = `This address has made as many ${quota === 'imports' ? 'imports' : 'boards and spaces'} as it may for now: try again after \`Retry-After\` seconds.`;
  return { ...errors, ...operation.errors };
}

/** An error answer: the `Error` body, with `Retry-After` where there is one. */
function failure(status: number, description: string): Json {
  return {
    description,
    // Always on a 429; on a 503 when the server is busy (not when a job passed its budget: trying again would not help).
    ...(status === 429 || status === 503 ? { headers: { 'Retry-After': { ...RETRY_AFTER, required: status === 429 } } } : {}),
    content: { 'application/json': { schema: { $ref: `${COMPONENT}Error` } } },
  };
}

const RETRY_AFTER = { description: 'Seconds after which trying again makes sense.', schema: { type: 'integer', minimum: 0 } };

function response(status: number, answer: Answer, operation: Operation): Json {
  if ('json' in answer) {
    const content = { 'application/json': { schema: reference(answer.json, operation) } };
    return status >= 400 ? { ...failure(status, answer.description), content } : { description: answer.description, content };
  }
  if ('file' in answer) {
    return {
      description: answer.description,
      ...(answer.attachment ? { headers: { 'Content-Disposition': CONTENT_DISPOSITION } } : {}),
      content: Object.fromEntries(answer.file.map((type) => [mediaType(type), { schema: fileSchema(mediaType(type)) }])),
    };
  }
  return { description: answer.description };
}

const CONTENT_DISPOSITION = { description: 'The file’s name, made of the board’s or the space’s title.', required: true, schema: { type: 'string' } };

/** A type without its parameters (`text/markdown; charset=utf-8` is `text/markdown`): what generators match on. */
const mediaType = (type: string) => type.split(';')[0]!.trim();

/** A file's schema: text, JSON of its own shape, or bytes. */
const fileSchema = (type: string): Json =>
  type === 'application/json' ? { type: 'object' } : type.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' };

/** A reference to a body's component: every body has an id (`.meta({ id })`), so programs get named types. */
function reference(schema: z.ZodType, operation: Operation): Json {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error(`${operation.id}: give its schemas an id with .meta({ id }), so the document names them.`);
  return { $ref: `${COMPONENT}${id}` };
}

/** The components: every schema with an id, as a request takes it (which, for answers, is what they send). */
function components(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', uri: (id) => `${COMPONENT}${id}`, override: plainer });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as Json)]));
}

/** A parameter's schema, written out in place. */
const inline = (schema: z.ZodType): Json => withoutDialect(z.toJSONSchema(schema, { io: 'input', override: plainer }) as Json);

/**
 * Says what zod's output says less noisily: an integer without the bounds of a safe integer (which every integer here
 * is), a time as `format: date-time` without the 400-character pattern that checks it.
 */
function plainer({ jsonSchema }: { jsonSchema: Json }): void {
  if (jsonSchema.type === 'integer' && jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.type === 'integer' && jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
}

/** OpenAPI 3.1's dialect is the document's: a schema need not name it, nor an id of its own. */
function withoutDialect({ $schema: _dialect, $id: _id, ...schema }: Json): Json {
  return schema;
}
