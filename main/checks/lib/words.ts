/**
 * Plain words for what went wrong, so a report line reads as the reason and not as a
 * stack trace: `permission denied (EACCES)`, `connection refused`, `got "n/a"`.
 */

const FS_REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  ELOOP: 'too many symbolic links (a link loop?)',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'input/output error (failing disk or network share?)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ETIMEDOUT: 'timed out (network share not responding?)',
  ESTALE: 'stale network file handle (remount the share)',
  EHOSTDOWN: 'host is down (network share not reachable)',
};

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'the response body stopped arriving',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_MAX_REDIRECTIONS: 'too many redirects',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on this port (plain http?)',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : errorCode(cause);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `permission denied (EACCES)`; unknown codes keep Node's message. */
export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  const reason = code === undefined ? undefined : FS_REASONS[code];
  return reason === undefined ? errorMessage(error) : `${reason} (${code})`;
}

/** `connection refused`; unknown codes keep undici's message (with its cause, which holds the detail). */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  const reason = code === undefined ? undefined : NETWORK_REASONS[code];
  if (reason !== undefined) return reason;
  const cause = error instanceof Error && error.cause !== undefined ? `: ${errorMessage(error.cause)}` : '';
  return `${errorMessage(error)}${cause}`;
}

/** The first characters of a text on one line, quoted: a hint of what came back, never a page of HTML. */
export function excerpt(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > max ? `${line.slice(0, max)}…` : line);
}

/** What a JSON value was, for "expected X, got …": `"n/a"`, `null`, `true`, `an object`, `a list of 3`. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return excerpt(value, 40);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  return 'an object';
}
