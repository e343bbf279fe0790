/**
 * The HTTP API as a table of operations: each says its method, its path, what it takes and what it answers, and
 * handles its requests. The server routes by this table and the OpenAPI document (server/openapi.ts) is made from it,
 * so the document names every route there is, and nothing else; a handler's JSON is checked against the schema its
 * operation documents when it compiles (`Call.json`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ApiErrorCode } from '../shared/protocol';
import { boardGrant, spaceGrant, type BoardGrant, type SpaceGrant } from './access';
import type { ApiContext } from './api';
import { HttpError, invalidBody, readJson, sendJson } from './http';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The groups the document lists operations under. */
export type Tag = 'Boards' | 'Exports' | 'Letters' | 'History' | 'Spaces' | 'Server';

/**
 * A response an operation gives: JSON of a schema, a file of one of some types (`attachment`: with a
 * `Content-Disposition` naming it), or no body at all.
 */
export type Answer = { description: string; json: z.ZodType } | { description: string; file: readonly string[]; attachment?: true } | { description: string };
export type Answers = Readonly<Record<number, Answer>>;

/** Whose bearer token an operation takes: a board's link (or the link of the board's space), a space's link, the metrics token. */
export type Auth = 'board' | 'space' | 'metrics';
/** What the router hands a handler for its `auth`: the board's or the space's grant, checked before the handler runs. */
type GrantOf<G extends Auth | undefined> = G extends 'board' ? BoardGrant : G extends 'space' ? SpaceGrant : undefined;

type JsonStatus<A extends Answers> = { [S in keyof A]: A[S] extends { json: z.ZodType } ? S : never }[keyof A];
type JsonOf<A extends Answers, S extends keyof A> = A[S] extends { json: infer J extends z.ZodType } ? z.output<J> : never;

/** One request to an operation: what the handler works with. */
export interface Call<K extends string, B extends z.ZodType | undefined, A extends Answers, G extends Auth | undefined> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  context: ApiContext;
  /** The path's parameters, each checked against its schema. */
  params: Record<K, string>;
  /**
   * What the request's token grants: on the board (`auth: 'board'`, the `{board}` parameter) or in the space
   * (`auth: 'space'`, `{space}`). A request without a valid one never reaches the handler (401, or 404 for no such one).
   */
  grant: GrantOf<G>;
  /**
   * The JSON body, read (within `context.bodyLimit`) and checked against the operation's schema: a 400 naming the first
   * field at fault. Read when the handler asks, so it checks access first.
   */
  body(): Promise<B extends z.ZodType ? z.output<B> : never>;
  /** Answers JSON the operation documents for `status`. */
  json<S extends JsonStatus<A> & number>(status: S, body: JsonOf<A, S>): void;
}

export interface Operation<
  K extends string = string,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  A extends Answers = Answers,
  G extends Auth | undefined = Auth | undefined,
> {
  method: Method;
  /** The path, with parameters in braces as OpenAPI writes them: `/api/boards/{board}/links`. */
  path: string;
  /** Its name in the document (OpenAPI's `operationId`). */
  id: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** Whose bearer token it takes; the router checks a board's or a space's (`Call.grant`), the handler the metrics token. */
  auth?: G;
  /** Each path parameter's schema: a value it refuses is a 404 with the schema's message. */
  params?: { [P in K]: z.ZodType<string> };
  /** Query parameters, documented; the handler reads and checks them. */
  query?: Readonly<Record<string, { schema: z.ZodType; description: string }>>;
  /** The JSON body's schema. */
  body?: B;
  /** A body that is not JSON of a schema: its type and what it is. */
  upload?: { type: string; description: string };
  answers: A;
  /** Answered before the Host check: load balancers and Prometheus name an instance by its address. */
  probe?: true;
  /** The per-address budget a request spends (server/createServer.ts). */
  quota?: 'creations' | 'imports';
  /**
   * The errors it answers beside those the table implies (400 for a body or a query, 401 for a token, 404 for a path
   * parameter, 413 for a body, 429 for a quota), each in words: the document lists them all.
   */
  errors?: Readonly<Record<number, string>>;
  handle(call: Call<K, B, A, G>): Promise<void>;
}

/** Declares an operation, inferring its parameters, body and answers for its handler. */
export const operation = <
  K extends string = never,
  B extends z.ZodType | undefined = undefined,
  A extends Answers = Answers,
  G extends Auth | undefined = undefined,
>(
  spec: Operation<K, B, A, G>,
): Operation => spec as unknown as Operation;

interface Compiled {
  operation: Operation;
  pattern: RegExp;
  names: string[];
}

/** What a request found: its operation and parameters. */
export interface Found {
  operation: Operation;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(readonly operations: readonly Operation[]) {
    this.compiled = operations.map((operation) => {
      const { auth, params, id } = operation;
      if ((auth === 'board' || auth === 'space') && !params?.[auth]) throw new Error(`${id} takes a ${auth}'s token: its path names the ${auth} as {${auth}}.`);
      const names: string[] = [];
      const source = operation.path.replace(/\{(\w+)\}|[^{]+/g, (part, name: string | undefined) => {
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      });
      return { operation, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /**
   * The operation for `method` on `path`: the path's most literal match (`/api/boards/example` before
   * `/api/boards/{board}`), which must take the method (else a 405 saying which ones it takes). Undefined when no
   * operation has this path; a 404 when one has but refuses a parameter's value.
   */
  find(method: string, path: string): Found | undefined {
    let refusal: HttpError | undefined;
    let best: Array<Found & { literal: number }> = [];
    for (const { operation, pattern, names } of this.compiled) {
      const match = pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      const refused = names.find((name, index) => {
        const checked = operation.params?.[name]?.safeParse(match[index + 1]);
        if (checked?.success) params[name] = checked.data;
        else refusal ??= new HttpError(404, ApiErrorCode.notFound, checked?.error.issues[0]?.message ?? 'Not found.');
        return !checked?.success;
      });
      if (refused !== undefined) continue;
      const literal = path.length - names.reduce((length, name) => length + params[name]!.length, 0);
      if (best.length === 0 || literal > best[0]!.literal) best = [{ operation, params, literal }];
      else if (literal === best[0]!.literal) best.push({ operation, params, literal });
    }
    if (best.length === 0) {
      if (refusal) throw refusal;
      return undefined;
    }
    // HEAD wherever GET (RFC 9110): the same answer, whose body Node leaves out.
    const found = best.find(({ operation }) => operation.method === method || (method === 'HEAD' && operation.method === 'GET'));
    if (found) return found;
    const methods = best.flatMap(({ operation }) => (operation.method === 'GET' ? ['GET', 'HEAD'] : [operation.method]));
    const allowed = methods.join(', ');
    const said = methods.length === 1 ? methods[0] : `${methods.slice(0, -1).join(', ')} or ${methods.at(-1)}`;
    throw new HttpError(405, ApiErrorCode.methodNotAllowed, `Use ${said} here.`, undefined, undefined, allowed);
  }

  /** Runs a found operation for a request, once its token is checked. */
  async run({ operation, params }: Found, req: IncomingMessage, res: ServerResponse, url: URL, context: ApiContext): Promise<void> {
    const { auth } = operation;
    const grant =
      auth === 'board'
        ? await boardGrant(req, params.board!, context.storage)
        : auth === 'space'
          ? await spaceGrant(req, params.space!, context.storage)
          : undefined;
    const call: Call<string, z.ZodType | undefined, Answers, Auth | undefined> = {
      req,
      res,
      url,
      context,
      params,
      grant,
      body: async () => {
        if (!operation.body) throw new Error(`${operation.id} takes no JSON body.`);
        const json = await readJson(req, context.bodyLimit);
        if (typeof json !== 'object' || json === null || Array.isArray(json)) {
          throw new HttpError(400, ApiErrorCode.invalidBody, 'Send a JSON object, with the fields this operation takes.');
        }
        const parsed = operation.body.safeParse(json);
        if (!parsed.success) throw invalidBody(parsed.error.issues[0]!);
        return parsed.data as never;
      },
      json: (status, body) => sendJson(res, status, body),
    };
    await operation.handle(call);
  }
}
