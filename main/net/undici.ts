/**
 * The parts of undici Backstop uses, loaded file by file when the first URL is checked.
 * undici's own index loads all of undici (fetch, WebSocket, EventSource, the cache, the
 * mocks), about 150 ms of start-up on a 2-core machine; an Agent, `request` and the
 * redirect interceptor are under a third of that. fetch loads on its own, only for the
 * Sheets client (net/fetch.ts). undici has no `exports` map: its files are its API too.
 */
import type * as Undici from 'undici';

type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & { dispatcher: Undici.Dispatcher; method?: Undici.Dispatcher.HttpMethod };

export interface UndiciCore {
  Agent: typeof Undici.Agent;
  redirect: typeof Undici.interceptors.redirect;
  /** undici's `request(url, options)`, always given `options.dispatcher`. */
  request: (url: string | URL, options: RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;
}

export interface UndiciFetch {
  fetch: typeof Undici.fetch;
  Response: typeof Undici.Response;
}

let core: Promise<UndiciCore> | undefined;
let fetching: Promise<UndiciFetch> | undefined;

/** Agent, request and the redirect interceptor (loaded once). */
export function loadUndici(): Promise<UndiciCore> {
  return (core ??= (async () => {
    // `.default`: undici is CommonJS; import() of one gives its `module.exports` as the default.
    const [{ default: Agent }, { default: api }, { default: redirect }, { default: util }] = await Promise.all([
      import('undici/lib/dispatcher/agent.js'),
      import('undici/lib/api/index.js'),
      import('undici/lib/interceptor/redirect.js'),
      import('undici/lib/core/util.js'),
    ]);
    // What undici's index makes of `api.request` for `request(url, options)` (its makeDispatcher).
    const request: UndiciCore['request'] = (url, options) => {
      const parsed = util.parseURL(url);
      return api.request.call(options.dispatcher, {
        ...options,
        origin: parsed.origin,
        path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
        method: options.method || (options.body ? 'PUT' : 'GET'),
      });
    };
    return { Agent, redirect, request };
  })());
}

/** undici's fetch and Response (loaded once, on the first fetch). */
export function loadFetch(): Promise<UndiciFetch> {
  return (fetching ??= (async () => {
    const [{ default: fetchModule }, { default: responseModule }] = await Promise.all([import('undici/lib/web/fetch/index.js'), import('undici/lib/web/fetch/response.js')]);
    return { fetch: fetchModule.fetch, Response: responseModule.Response };
  })());
}
