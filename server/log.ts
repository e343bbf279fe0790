/**
 * One JSON line per event on stderr/stdout. Callers pass ids and numbers, never tokens: nothing here can tell a
 * token from an id, so the rule is kept at the call sites (and checked by a test that greps the output).
 */
type Fields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: Fields): void;
  warn(event: string, fields?: Fields): void;
  error(event: string, fields?: Fields): void;
}

const line = (level: string, event: string, fields: Record<string, unknown> = {}) => {
  const { error, ...rest } = fields;
  const detail = error instanceof Error ? { error: error.message } : error === undefined ? {} : { error: String(error) };
  return JSON.stringify({ time: new Date().toISOString(), level, event, ...rest, ...detail });
};

export const consoleLogger: Logger = {
  info: (event, fields) => console.info(line('info', event, fields)),
  warn: (event, fields) => console.warn(line('warn', event, fields)),
  error: (event, fields) => console.error(line('error', event, fields)),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
