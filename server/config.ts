import path from 'node:path';
import { isEmailAddress } from '../shared/meeting/sentLetters';
import { LOG_LEVELS, type LogLevel } from './log';
import { TrustedHosts, parseHost } from './TrustedHosts';

/** The SQLite database's file name, in the data directory (`WHYBOARD_DATA_DIR`). */
export const SQLITE_FILE = 'whyboard.db';

export interface Config {
  /** `PORT`, default 8080. 0 picks a free port (tests). */
  port: number;
  /** `HOST`, default 127.0.0.1: loopback only until you put it behind a proxy on purpose. */
  host: string;
  /** `WHYBOARD_DATA_DIR`, default ./data: where the SQLite file lives. */
  dataDir: string;
  /**
   * `WHYBOARD_PUBLIC_URL`, default: the Host the request came to, when it is one of `allowedHosts`. The origin put in
   * share links; its host is always allowed.
   */
  publicUrl: string | undefined;
  /**
   * `WHYBOARD_ALLOWED_HOSTS`, comma-separated (`whyboard.example.com`, `10.0.0.5:8080`; without a port, any port): more
   * names this server answers to. Loopback names (localhost, 127.0.0.1, [::1]), the public URL's host and the address
   * it binds are always allowed; a request naming any other host is refused with 421, which closes DNS rebinding.
   */
  allowedHosts: string[];
  /** `WHYBOARD_STATIC_DIR`, default ./dist: the built client. */
  staticDir: string;
  /** `WHYBOARD_IDLE_MS`, default 30 s: how long an empty board stays in memory. */
  idleMs: number;
  /**
   * `WHYBOARD_ALLOWED_ORIGINS`, comma-separated: pages on other origins that may open the sync socket. The server's own
   * origin (the public URL, or the Host the request came to) is always allowed.
   */
  allowedOrigins: string[];
  /** `WHYBOARD_LIMITS`: JSON overriding the limits in server/limits.ts. */
  limitsJson: string | undefined;
  /** `DATABASE_URL`: store boards in PostgreSQL instead of the SQLite file (for several instances). */
  databaseUrl: string | undefined;
  /** `REDIS_URL`: share rooms with the other instances through Redis. */
  redisUrl: string | undefined;
  /**
   * `SMTP_URL`, default none: the mail server that sends a signed-off letter to the customer, as a nodemailer URL
   * (`smtps://user:password@smtp.example.com`, `smtp://relay.internal:25`). Without it, letters are exported, not sent.
   */
  smtpUrl: string | undefined;
  /**
   * `SMTP_FROM`, default none: the address letters are sent from (`care@example.com`), under the contact's name, with
   * replies going to the contact. Set it when the mail server takes mail only from its own addresses; without it, a
   * letter goes from the contact's own address (its "How to reach them").
   */
  smtpFrom: string | undefined;
  /** `WHYBOARD_LOG_LEVEL`, default info: debug, info, warn, error or silent. */
  logLevel: LogLevel;
  /**
   * `WHYBOARD_METRICS_TOKEN`, default none (metrics off): the bearer token `GET /metrics` asks for, 24 characters or
   * more. Prometheus sends it with `authorization: { credentials: … }` (README: Deployment).
   */
  metricsToken: string | undefined;
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, not "${value}".`);
  return parsed;
};

/** The origin share links start with; a value that is not an http(s) URL stops the server with a clear error. */
function publicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !parseHost(url.host)) {
    throw new Error(`WHYBOARD_PUBLIC_URL must be an http or https URL like https://whyboard.example.com, not "${value}".`);
  }
  return value.replace(/\/$/, '');
}

function allowedHosts(value = ''): string[] {
  const hosts = value
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  try {
    new TrustedHosts(hosts);
  } catch (error) {
    throw new Error(`WHYBOARD_ALLOWED_HOSTS: ${(error as Error).message}`);
  }
  return hosts;
}

/** A mail server URL nodemailer takes; anything else stops the server with a clear error (not a failed send later). */
function smtpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new Error('SMTP_URL must be an smtp or smtps URL like smtps://user:password@smtp.example.com (the value given is not).');
  }
  return value;
}

function smtpFrom(value: string | undefined): string | undefined {
  const address = value?.trim();
  if (!address) return undefined;
  if (!isEmailAddress(address)) throw new Error(`SMTP_FROM must be an e-mail address like care@example.com, not "${address}".`);
  return address;
}

function logLevel(value: string | undefined): LogLevel {
  const level = (value?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`WHYBOARD_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}".`);
  return level as LogLevel;
}

function metricsToken(value: string | undefined): string | undefined {
  const token = value?.trim();
  if (!token) return undefined;
  if (token.length < 24 || /\s/.test(token))
    throw new Error('WHYBOARD_METRICS_TOKEN must be 24 characters or more, without spaces (for example: openssl rand -hex 24).');
  return token;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 8080, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.WHYBOARD_DATA_DIR || './data'),
    publicUrl: publicUrl(env.WHYBOARD_PUBLIC_URL),
    allowedHosts: allowedHosts(env.WHYBOARD_ALLOWED_HOSTS),
    staticDir: path.resolve(env.WHYBOARD_STATIC_DIR || './dist'),
    idleMs: int(env.WHYBOARD_IDLE_MS, 30_000, 'WHYBOARD_IDLE_MS'),
    allowedOrigins: (env.WHYBOARD_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/$/, ''))
      .filter(Boolean),
    limitsJson: env.WHYBOARD_LIMITS || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    smtpUrl: smtpUrl(env.SMTP_URL),
    smtpFrom: smtpFrom(env.SMTP_FROM),
    logLevel: logLevel(env.WHYBOARD_LOG_LEVEL),
    metricsToken: metricsToken(env.WHYBOARD_METRICS_TOKEN),
  };
}
