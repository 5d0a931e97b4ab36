/**
 * GET a JSON document. Anything but a 2xx answer with valid JSON becomes one sentence
 * with the status and a short excerpt of what came back, for the resource's one ERROR line.
 */
import { httpRequest } from './http.js';
import { excerpt } from './words.js';

export interface GetJsonOptions {
  headers?: Record<string, string>;
  signal: AbortSignal;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Skip certificate verification (`insecure`). */
  insecure?: boolean;
  /** Extra CAs to trust (the PEM text of the `ca` file). */
  caPem?: string;
}

export type JsonOutcome = { ok: true; json: unknown } | { ok: false; error: string };

export async function getJson(url: string, options: GetJsonOptions): Promise<JsonOutcome> {
  const given = options.headers ?? {};
  const hasAccept = Object.keys(given).some((name) => name.toLowerCase() === 'accept');
  const response = await httpRequest(url, {
    method: 'GET',
    headers: hasAccept ? given : { accept: 'application/json', ...given },
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    insecure: options.insecure,
    caPem: options.caPem,
  });
  if (!response.ok) return response;
  if (response.status < 200 || response.status > 299) {
    const body = response.body.trim() === '' ? '' : `: ${excerpt(response.body)}`;
    return { ok: false, error: `status ${response.status}, expected 2xx${body}` };
  }
  try {
    // A byte order mark (files written by Windows tools, served as they are) is not JSON, but not the sender's mistake either.
    return { ok: true, json: JSON.parse(response.body.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    const body = response.body.trim() === '' ? 'an empty body' : excerpt(response.body);
    return { ok: false, error: `status ${response.status} but the response is not JSON: got ${body}` };
  }
}
