/**
 * RDAP lookups: which server answers for a domain (the IANA bootstrap,
 * RFC 9224) and the expiration event of its record (RFC 9083).
 */
import * as z from 'zod';
import { getJson } from '../../net/index.js';

/** The bootstrap is shared by every domain check, so it gets its own deadline rather than the first caller's. */
const BOOTSTRAP_TIMEOUT_MS = 30_000;

/** `services` of an RDAP bootstrap file (RFC 9224): `[[labels…], [base URLs…]]` entries. */
const bootstrapShape = z.object({
  services: z.array(z.tuple([z.array(z.string()), z.array(z.string())], z.unknown())),
});

export type Bootstrap = z.output<typeof bootstrapShape>;

/** Bootstrap files by URL for the process lifetime: IANA asks clients to cache it, and it changes rarely. */
const bootstraps = new Map<string, Promise<Bootstrap>>();

async function downloadBootstrap(url: string): Promise<Bootstrap> {
  const result = await getJson({ signal: AbortSignal.timeout(BOOTSTRAP_TIMEOUT_MS), timeoutMs: BOOTSTRAP_TIMEOUT_MS }, url, { shape: bootstrapShape });
  if (!result.ok) throw new Error(result.error);
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
