/**
 * One HTTP request, for every kind that requests a URL and for the heartbeat: the
 * shared dispatchers of its trust settings, the caller's signal (the check's timeout
 * and the run's cancellation), redirects, a size cap on the body, `user:pass@` sent
 * as Basic authorization, and every failure turned into a sentence instead of a throw.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { formatBytes } from '../../shared/words.js';
import { dropBody, readBody } from './body.js';
import { hasHeader, placeOf, splitCredentials, withAuthorization } from './urls.js';
import { leaseDispatcher } from './dispatchers.js';
import { loadUndici } from './undici.js';
import { describeRequestError, describeStopped } from './errors.js';
import { isSuccess, statusLine } from './status.js';
import { readTrust, type TrustOptions } from './trust.js';
import { DEFAULT_MAX_BODY_BYTES } from './limits.js';

/** What a request needs from its caller's context; a check's `CheckContext` is one. */
export interface NetContext {
  /** Aborts the request: the check's timeout, the run's cancellation. */
  signal: AbortSignal;
  /** The timeout behind `signal`, only to word it (`no response within 10s (timeout)`). */
  timeoutMs?: number;
  /** Folder a relative `ca` path starts from: the config file's. Default: the working directory. */
  configDir?: string;
  /** Connections one origin may have open at once: the run's network concurrency. Default 200. */
  connectionsPerOrigin?: number;
}

export const DEFAULT_MAX_REDIRECTS = 5;
export const USER_AGENT = 'Backstop health check';

const REDIRECT_CODES = new Set([300, 301, 302, 303, 307, 308]);

export interface RequestOptions extends TrustOptions {
  /** Default GET. */
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Redirects to follow; 0 returns a 3xx as the answer. Default 5; more than that is a failure. */
  maxRedirects?: number;
  /** Read at most this many bytes of the body. Default 5 MB. */
  maxBodyBytes?: number;
  /** A longer body: `fail` (the default: the wrong URL) or `cut` (keep the start, `truncated` says so). */
  whenLarger?: 'fail' | 'cut';
  /** With `cut`: keep only the first bytes read (an excerpt for an error line); default all of them. */
  keepBytes?: number;
  /** Only the status and headers matter (a GET standing in for HEAD): drop a 2xx body unread. */
  discardBody?: boolean;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body read (none for HEAD or `discardBody`), as UTF-8 text. */
  body: string;
  /** With `whenLarger: 'cut'`: the body was longer than `maxBodyBytes`. */
  truncated: boolean;
  /** The URL's path, for messages: `/api/health`. */
  place: string;
  /** From sending the request to the end of the body read, in whole milliseconds. */
  elapsedMs: number;
}

/** An answer (any status), or why there was none in words. Never thrown. */
export type RequestOutcome = ({ ok: true } & Answer) | { ok: false; error: string };

/** Sends the request and reads the body within its limits. Never throws. */
export async function request(ctx: NetContext, url: string, options: RequestOptions = {}): Promise<RequestOutcome> {
  const { signal, timeoutMs } = ctx;
  const { method = 'GET', maxRedirects = DEFAULT_MAX_REDIRECTS, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, whenLarger = 'fail' } = options;
  if (signal.aborted) return { ok: false, error: describeStopped(signal, timeoutMs) };
  const trust = await readTrust(options, ctx.configDir ?? process.cwd());
  if ('problem' in trust) return { ok: false, error: trust.problem };
  let target: ReturnType<typeof splitCredentials>;
  try {
    // undici drops `user:pass@` without a word; send it as the Basic authorization it means.
    target = splitCredentials(url);
  } catch {
    return { ok: false, error: 'not a valid URL' };
  }
  const place = placeOf(target.url);
  const given = options.headers ?? {};
  const headers = withAuthorization(hasHeader(given, 'user-agent') ? given : { 'user-agent': USER_AGENT, ...given }, target.authorization);

  const { request: send } = await loadUndici();
  const lease = await leaseDispatcher({ ...trust.policy, connectionsPerOrigin: ctx.connectionsPerOrigin }, maxRedirects);
  let answered = false;
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  try {
    const response = await send(target.url, { dispatcher: lease.dispatcher, method, headers, body: options.body, signal });
    answered = true;
    const { statusCode: status } = response;
    // The redirect interceptor hands back the last 3xx once its budget is spent.
    if (maxRedirects > 0 && REDIRECT_CODES.has(status) && response.headers.location !== undefined) {
      dropBody(response.body);
      return { ok: false, error: `too many redirects (more than ${maxRedirects})` };
    }
    // Error pages are small and their words help; a 2xx body can be the whole export.
    if (options.discardBody && isSuccess(status)) {
      dropBody(response.body);
      return { ok: true, status, headers: response.headers, body: '', truncated: false, place, elapsedMs: elapsed() };
    }
    const keepBytes = whenLarger === 'cut' ? (options.keepBytes ?? maxBodyBytes) : maxBodyBytes;
    const read = await readBody(response.body, maxBodyBytes, keepBytes);
    if (read.truncated && whenLarger === 'fail') {
      return { ok: false, error: `${statusLine({ status, place })}, but the response is larger than ${formatBytes(maxBodyBytes)}: is this the right URL?` };
    }
    return { ok: true, status, headers: response.headers, body: read.text, truncated: read.truncated, place, elapsedMs: elapsed() };
  } catch (error) {
    if (signal.aborted) return { ok: false, error: describeStopped(signal, timeoutMs, answered) };
    return { ok: false, error: describeRequestError(error, new URL(target.url)) };
  } finally {
    lease.release();
  }
}
