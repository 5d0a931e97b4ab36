/**
 * A `fetch` for client libraries that bring their own HTTP stack but take a fetch
 * function: Google's clients (gaxios, under @googleapis/sheets and google-auth-library)
 * take one as `fetchImplementation` and otherwise use node-fetch on Node's own agents.
 * Through this one their requests use the shared dispatchers (trust settings, the
 * per-origin cap, closed with the rest), the caller's signal, and the size cap.
 */
import { formatBytes } from '../../shared/words.js';
import { leaseDispatcher } from './dispatchers.js';
import { loadFetch } from './undici.js';
import { DEFAULT_MAX_BODY_BYTES } from './limits.js';
import type { NetContext } from './request.js';
import { readTrust, type TrustOptions } from './trust.js';

export interface FetchOptions extends TrustOptions {
  /** Bodies longer than this fail as they are read. Default 5 MB. */
  maxBodyBytes?: number;
}

/** The body of a fetch that went over `maxBodyBytes`, in the words of `request`. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(maxBytes: number) {
    super(`the response is larger than ${formatBytes(maxBytes)}: is this the right URL?`);
  }
}

/**
 * A fetch function bound to `ctx` (its signal, `ca` folder and connection cap) and to
 * `options`. Redirects are fetch's own (it follows up to 20); the dispatcher adds none.
 */
export function fetchFor(ctx: NetContext, options: FetchOptions = {}): typeof globalThis.fetch {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const netFetch = async (input: Parameters<typeof globalThis.fetch>[0], init?: Parameters<typeof globalThis.fetch>[1]): Promise<Response> => {
    const trust = await readTrust(options, ctx.configDir ?? process.cwd());
    if ('problem' in trust) throw new Error(trust.problem);
    const undici = await loadFetch();
    const lease = await leaseDispatcher({ ...trust.policy, connectionsPerOrigin: ctx.connectionsPerOrigin }, 0);
    const signal = init?.signal ? AbortSignal.any([init.signal, ctx.signal]) : ctx.signal;
    let response: InstanceType<typeof undici.Response>;
    try {
      response = await undici.fetch(input as Parameters<typeof undici.fetch>[0], { ...(init as Parameters<typeof undici.fetch>[1]), signal, dispatcher: lease.dispatcher });
    } catch (error) {
      lease.release();
      throw error;
    }
    if (response.body === null) {
      lease.release();
      return response as unknown as Response;
    }
    let size = 0;
    const body = response.body as unknown as ReadableStream<Uint8Array>;
    const capped = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.byteLength;
          if (size > maxBytes) {
            lease.release();
            controller.error(new BodyTooLargeError(maxBytes));
          } else {
            controller.enqueue(chunk);
          }
        },
        flush: () => lease.release(),
      }),
      { signal },
    );
    signal.addEventListener('abort', () => lease.release(), { once: true });
    const limited = new undici.Response(capped as unknown as ConstructorParameters<typeof undici.Response>[0], { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(limited, 'url', { value: response.url });
    return limited as unknown as Response;
  };
  return netFetch as typeof globalThis.fetch;
}
