/**
 * One JSON line per event on stderr/stdout: its time, level and name, the request it belongs to (`request`: an id per
 * HTTP request or socket upgrade, also sent back as `X-Request-Id`), then its fields. Callers pass ids and numbers,
 * never tokens: nothing here can tell a token from an id, so the rule is kept at the call sites (and checked by a test
 * that greps the output). `WHYBOARD_LOG_LEVEL` (debug, info, warn, error or silent; default info) sets what is written.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Fields = Record<string, unknown>;

export interface Logger {
  /** What a developer chasing a problem wants and an operator does not (each HTTP request, for one). */
  debug?(event: string, fields?: Fields): void;
  info(event: string, fields?: Fields): void;
  warn(event: string, fields?: Fields): void;
  error(event: string, fields?: Fields): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The request being handled, for every line logged while it is (across awaits). */
const current = new AsyncLocalStorage<{ id: string }>();

/** Runs `work` as the handling of request `id`: what it logs says so. */
export const inRequest = <T>(id: string, work: () => T): T => current.run({ id }, work);

const line = (level: string, event: string, fields: Fields = {}) => {
  const { error, ...rest } = fields;
  const detail = error instanceof Error ? { error: error.message } : error === undefined ? {} : { error: String(error) };
  const request = current.getStore()?.id;
  return JSON.stringify({ time: new Date().toISOString(), level, event, ...(request ? { request } : {}), ...rest, ...detail });
};

/** Writes the events of `level` and above. */
export function levelLogger(level: LogLevel): Logger {
  const at = LOG_LEVELS.indexOf(level);
  const write = (index: number, print: (text: string) => void, name: string) =>
    index >= at ? (event: string, fields?: Fields) => print(line(name, event, fields)) : () => undefined;
  return {
    debug: write(0, console.info, 'debug'),
    info: write(1, console.info, 'info'),
    warn: write(2, console.warn, 'warn'),
    error: write(3, console.error, 'error'),
  };
}

export const consoleLogger: Logger = levelLogger('info');

export const silentLogger: Logger = levelLogger('silent');
