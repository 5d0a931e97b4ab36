/**
 * RDAP lookups: which server answers for a domain (the IANA bootstrap,
 * RFC 9224) and the expiration event of its record (RFC 9083).
 */
import { httpRequest } from '../lib/http.js';

/** `services` of an RDAP bootstrap file: `[[labels…], [base URLs…]]` entries. */
export interface Bootstrap {
  services: [string[], string[]][];
}

/** The bootstrap is shared by every domain check, so it gets its own deadline rather than the first caller's. */
const BOOTSTRAP_TIMEOUT_MS = 30_000;

export type FetchJsonResult = { ok: true; json: unknown } | { ok: false; status?: number; reason: string };

/**
 * GETs JSON, never throwing: network failures, statuses and bad JSON become a `reason`.
 * The request is the URL kinds' shared one (redirects, size cap, the one wording for failures).
 */
export async function fetchJson(url: string, accept: string, signal: AbortSignal): Promise<FetchJsonResult> {
  const response = await httpRequest(url, { headers: { accept, 'user-agent': 'Backstop health check' }, signal });
  if (!response.ok) return { ok: false, reason: response.error };
  const { status, body } = response;
  if (status < 200 || status > 299) return { ok: false, status, reason: `status ${status}` };
  try {
    // A byte order mark is not JSON, but not the server's mistake either (the shared request keeps it).
    return { ok: true, json: JSON.parse(body.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return { ok: false, status, reason: `answer is not JSON: ${body.replace(/\s+/g, ' ').trim().slice(0, 80)}` };
  }
}

function isBootstrap(json: unknown): json is Bootstrap {
  if (typeof json !== 'object' || json === null) return false;
  const { services } = json as { services?: unknown };
  return (
    Array.isArray(services) &&
    services.every(
      (entry) =>
        Array.isArray(entry) &&
        Array.isArray(entry[0]) &&
        Array.isArray(entry[1]) &&
        (entry[0] as unknown[]).every((label) => typeof label === 'string') &&
        (entry[1] as unknown[]).every((url) => typeof url === 'string'),
    )
  );
}

/** Bootstrap files by URL for the process lifetime: IANA asks clients to cache it, and it changes rarely. */
const bootstraps = new Map<string, Promise<Bootstrap>>();

async function downloadBootstrap(url: string): Promise<Bootstrap> {
  const result = await fetchJson(url, 'application/json', AbortSignal.timeout(BOOTSTRAP_TIMEOUT_MS));
  if (!result.ok) throw new Error(result.reason);
  if (!isBootstrap(result.json)) throw new Error('not an RDAP bootstrap file (no "services" list)');
  return result.json;
}

/** Waits for `promise`, but gives up when `signal` aborts (the shared download goes on for other callers). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The bootstrap file, downloaded once per process; a failed download is retried by the next check. */
export function loadBootstrap(url: string, signal: AbortSignal): Promise<Bootstrap> {
  let pending = bootstraps.get(url);
  if (pending === undefined) {
    pending = downloadBootstrap(url);
    bootstraps.set(url, pending);
    pending.catch(() => bootstraps.delete(url));
  }
  return untilAborted(pending, signal);
}

/** RFC 9224: base URLs end with "/" (add it when missing) so paths append cleanly. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The RDAP base URL for `domain`: the entry with the longest matching label suffix, preferring https. */
export function rdapBaseFor(bootstrap: Bootstrap, domain: string): string | undefined {
  let best: { labels: number; urls: string[] } | undefined;
  for (const [suffixes, urls] of bootstrap.services) {
    for (const suffix of suffixes) {
      const normalised = suffix.toLowerCase().replace(/^\.|\.$/g, '');
      if (normalised === '' || (domain !== normalised && !domain.endsWith(`.${normalised}`))) continue;
      const labels = normalised.split('.').length;
      if (best === undefined || labels > best.labels) best = { labels, urls };
    }
  }
  if (best === undefined) return undefined;
  const chosen = best.urls.find((url) => url.startsWith('https:')) ?? best.urls[0];
  return chosen === undefined ? undefined : withTrailingSlash(chosen);
}

interface RdapEvent {
  eventAction?: unknown;
  eventDate?: unknown;
}

/** The events of an RDAP domain record, or [] when it has none. */
export function eventsOf(record: unknown): RdapEvent[] {
  if (typeof record !== 'object' || record === null) return [];
  const { events } = record as { events?: unknown };
  return Array.isArray(events) ? events.filter((event): event is RdapEvent => typeof event === 'object' && event !== null) : [];
}
