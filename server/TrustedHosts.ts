import { ApiErrorCode } from '../shared/protocol';
import { HttpError } from './http';

/** Names that reach this machine only from itself. A DNS rebinding attack never sends them: it sends its own domain. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** A `Host` header's grammar, the part we accept of it: a DNS name or IPv4 address, or a bracketed IPv6 one; a port. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/;

/** `name` or `name:port`, lower-cased; undefined when `value` is not a host (a path, a user, a scheme, a space…). */
export function parseHost(value: string): { name: string; port: string | undefined } | undefined {
  const match = HOST.exec(value.toLowerCase());
  return match ? { name: match[1]!, port: match[2] } : undefined;
}

/**
 * The `Host` values this server answers to. A page on any site can point its own domain at 127.0.0.1 and have a
 * visitor's browser talk to a loopback-only Whyboard as if it were that site (DNS rebinding); the browser still sends
 * the attacker's domain as `Host`, so answering only known names closes that door, and keeps forged names out of the
 * share links built from `Host` (issue 12, finding 11). An entry without a port allows any port.
 */
export class TrustedHosts {
  private readonly allowed: Array<{ name: string; port: string | undefined }>;

  constructor(hosts: readonly string[]) {
    this.allowed = hosts.map((host) => {
      const parsed = parseHost(host);
      if (!parsed) throw new Error(`"${host}" is not a host name: write it as in a URL, like whyboard.example.com or localhost:8080.`);
      return parsed;
    });
  }

  /** Why a request that came with this `Host` header is refused; undefined when the name is ours. */
  refusal(header: string | undefined): HttpError | undefined {
    const host = header === undefined ? undefined : parseHost(header);
    if (!host) return new HttpError(400, ApiErrorCode.unknownHost, 'The request needs a Host header naming this server.');
    if (this.allowed.some(({ name, port }) => name === host.name && (port === undefined || port === host.port))) return undefined;
    // The name passed the grammar above, so it is safe to repeat.
    return new HttpError(
      421,
      ApiErrorCode.unknownHost,
      `This server does not answer to "${host.name}". If that is its name, add it to WHYBOARD_ALLOWED_HOSTS or set WHYBOARD_PUBLIC_URL.`,
    );
  }
}
