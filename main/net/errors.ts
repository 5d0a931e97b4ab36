/**
 * Network failures in plain words, with the code and address kept so a reader can
 * search for them: `connection refused (ECONNREFUSED 127.0.0.1:5432)`. The one
 * wording for everything that connects (every kind that requests a URL, tcp, tls,
 * the heartbeat), so the same failure reads the same everywhere.
 */
import type { PeerCertificate } from 'node:tls';
import { configDuration } from '../../shared/words.js';
import { certificateHosts, describeCertificateProblem, isCertificateProblem, wrongHostMessage } from './trust.js';

const WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the other side',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host is down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network is down',
  EADDRNOTAVAIL: 'address not available',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed, try again later',
  EAI_FAIL: 'DNS lookup failed',
  EAI_NODATA: 'host has no address',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  UND_ERR_MAX_REDIRECTIONS: 'too many redirects',
  HPE_INVALID_CONSTANT: 'the server did not answer in HTTP',
  HPE_INVALID_HEADER_TOKEN: 'the server sent an invalid HTTP header',
  // OpenSSL's words for a plain-text answer to a TLS hello: https:// on an http port, or the wrong port.
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on this port (plain http?)',
};

interface SystemErrorLike {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function asErrorLike(error: unknown): SystemErrorLike {
  return typeof error === 'object' && error !== null ? (error as SystemErrorLike) : { message: String(error) };
}

/**
 * The error that says what happened: Happy Eyeballs wraps one attempt per
 * address in an AggregateError, and some libraries wrap the socket error in `cause`.
 */
export function innermostError(error: unknown): SystemErrorLike {
  let current = asErrorLike(error);
  for (let depth = 0; depth < 5; depth += 1) {
    if (Array.isArray(current.errors) && current.errors.length > 0) {
      // The last attempt is the one on the family that usually works (IPv4 after ::1).
      current = asErrorLike(current.errors[current.errors.length - 1]);
    } else if (typeof current.code !== 'string' && current.cause !== undefined) {
      current = asErrorLike(current.cause);
    } else {
      break;
    }
  }
  return current;
}

/** The error's code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, `UND_ERR_SOCKET`…), or undefined. */
export function errorCode(error: unknown): string | undefined {
  const code = innermostError(error).code;
  return typeof code === 'string' ? code : undefined;
}

/** `connection refused (ECONNREFUSED 127.0.0.1:5432)`; undefined when the error is not a known socket failure. */
export function describeNetworkError(error: unknown, fallbackTarget?: string): string | undefined {
  const inner = innermostError(error);
  const code = typeof inner.code === 'string' ? inner.code : undefined;
  if (code === undefined) return undefined;
  const words = WORDS[code];
  if (words === undefined) return undefined;
  let target = fallbackTarget;
  if (typeof inner.address === 'string') target = typeof inner.port === 'number' ? `${inner.address}:${inner.port}` : inner.address;
  else if (typeof inner.hostname === 'string') target = inner.hostname;
  return target ? `${words} (${code} ${target})` : `${words} (${code})`;
}

/** Any error as one line, for the cases no wording above covers. */
export function errorMessage(error: unknown): string {
  const inner = innermostError(error);
  const message = typeof inner.message === 'string' && inner.message !== '' ? inner.message : String(error);
  const code = typeof inner.code === 'string' ? inner.code : undefined;
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * Why a request got no response, for the kinds that request a URL: a certificate
 * problem (`TLS: self-signed certificate`, naming the hosts a wrong certificate is for),
 * a redirect loop, or a socket failure with its code and address.
 */
export function describeRequestError(error: unknown, url: URL): string {
  const code = errorCode(error);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    // Node's checkServerIdentity error carries the certificate it rejected.
    const { cert } = innermostError(error) as { cert?: PeerCertificate };
    return `TLS: ${wrongHostMessage(cert ? certificateHosts(cert) : [], url.hostname)}`;
  }
  if (isCertificateProblem(code)) return `TLS: ${describeCertificateProblem(code)}`;
  // undici's redirect handler refuses to revisit a URL rather than spending the redirect budget on a loop.
  if (errorMessage(error).startsWith('Redirect loop detected')) return 'redirect loop: redirected back to a URL already visited';
  return describeNetworkError(error, url.host) ?? errorMessage(error);
}

/**
 * Why a request ended early, when its signal aborted: the check's timeout (`timeoutMs`
 * names it, as the config writes it: `10s`), or the run being cancelled. `midBody` when the answer had started.
 */
export function describeStopped(signal: AbortSignal, timeoutMs: number | undefined, midBody = false): string {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  const what = midBody ? 'no complete response' : 'no response';
  if (timedOut) return timeoutMs === undefined ? `${what} before the timeout` : `${what} within ${configDuration(timeoutMs)} (timeout)`;
  return `the request was cancelled before ${midBody ? 'the response was complete' : 'a response arrived'}`;
}
