/**
 * One HTTP request for the kinds that read a remote resource (json-age, json-value,
 * last-modified, trigger URLs): follows redirects, honours the run's signal, caps the
 * body, and turns every failure into a sentence instead of a throw.
 */
import { configDuration, formatBytes } from '../../../shared/words.js';
import { dispatcherFor, loadUndici } from '../http/dispatchers.js';
import { describeRequestError } from './network-errors.js';
import { splitCredentials, withAuthorization } from './url-credentials.js';

/** A sensor or status API answers in kilobytes; anything this big is the wrong URL. */
export const DEFAULT_MAX_BODY_BYTES = 5_000_000;
const MAX_REDIRECTIONS = 5;

export interface HttpRequestOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal: AbortSignal;
  /** Only for the message when `signal` times out. */
  timeoutMs?: number;
  /** Read at most this many bytes of the body; more is a failure. */
  maxBodyBytes?: number;
  /** Only the status and headers matter (a GET standing in for HEAD): drop a 2xx body unread. */
  discardBody?: boolean;
  /** Skip certificate verification (the `insecure` option). */
  insecure?: boolean;
  /** Extra CAs to trust besides the public ones (the PEM text of the `ca` option's file). */
  caPem?: string;
}

export type HttpOutcome =
  | { ok: true; status: number; headers: Record<string, string | string[] | undefined>; body: string }
  | { ok: false; error: string };

function cancelled(signal: AbortSignal, timeoutMs: number | undefined): string {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  if (timedOut) return timeoutMs === undefined ? 'no response before the timeout' : `no response within ${configDuration(timeoutMs)} (timeout)`;
  return 'the request was cancelled before a response arrived';
}

/** Drops the rest of a body; undici reports the drop as an 'error' event, which is expected here. */
function stopReading(body: { on(event: 'error', listener: () => void): unknown; destroy(): unknown }): void {
  body.on('error', () => {});
  body.destroy();
}

/** Sends the request and reads the whole body (none for HEAD). Never throws. */
export async function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpOutcome> {
  const { method = 'GET', headers = {}, signal, timeoutMs, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, discardBody = false, insecure = false, caPem } = options;
  if (signal.aborted) return { ok: false, error: cancelled(signal, timeoutMs) };
  // undici drops `user:pass@` without a word; send it as the Basic authorization it means.
  const target = splitCredentials(url);
  try {
    // undici loads on first use, so a run without URL checks starts faster.
    const { request } = await loadUndici();
    const response = await request(target.url, {
      method,
      headers: withAuthorization(headers, target.authorization),
      signal,
      // The `http` kind's shared dispatchers: one pool per trust policy, so `ca` and `insecure` mean the same here.
      dispatcher: await dispatcherFor({ insecure, caPem, maxRedirects: MAX_REDIRECTIONS }),
    });
    // Error pages are small and their text helps; a 2xx body can be the whole export.
    if (discardBody && response.statusCode >= 200 && response.statusCode <= 299) {
      stopReading(response.body);
      return { ok: true, status: response.statusCode, headers: response.headers, body: '' };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBodyBytes) {
        stopReading(response.body);
        return { ok: false, error: `status ${response.statusCode}, but the response is larger than ${formatBytes(maxBodyBytes)}: is this the right URL?` };
      }
      chunks.push(chunk);
    }
    return { ok: true, status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (signal.aborted) return { ok: false, error: cancelled(signal, timeoutMs) };
    return { ok: false, error: describeRequestError(error, new URL(target.url)) };
  }
}

/** A header's single value (undici gives repeated headers as a list). */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
