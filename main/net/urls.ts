/**
 * URLs: built from a tool's base URL, and their secrets kept out of reports. `https://user:pass@host/…` in a config: people
 * write it (curl and browsers accept it), but fetch and undici refuse or silently drop it.
 * Turn it into the Basic `Authorization` header it stands for. Query parameters named like
 * secrets (`?key=…`, `?token=…`, `?X-Amz-Signature=…`) stay in the request but never reach
 * a report line or a link.
 */

export interface UrlWithCredentials {
  /** The URL without user and password: what is requested. */
  url: string;
  /** `Basic …` for the URL's user and password, or undefined when it has none. */
  authorization?: string;
  /** The URL as reports and links may show it: the user kept, the password and secret query values hidden. */
  shown: string;
}

/** Query parameter names that carry secrets: `key`, `apiKey`, `access_token`, `sig`, `X-Amz-Signature`, `password`… */
const SECRET_PARAMETER = /(key|token|secret|password|passwd|pwd|sig|signature|auth|credential|session)$/i;

/** Secret query values replaced by `***`, so a link or message can be shown. */
function hideSecretParameters(url: URL): void {
  for (const name of new Set(url.searchParams.keys())) {
    if (SECRET_PARAMETER.test(name)) url.searchParams.set(name, '***');
  }
}

export function splitCredentials(text: string): UrlWithCredentials {
  const url = new URL(text);
  const display = new URL(text);
  display.password = '';
  hideSecretParameters(display);
  const shown = display.search === url.search && url.password === '' ? text : display.href;
  if (url.username === '' && url.password === '') return { url: text, shown };
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.href, authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`, shown };
}

/** The URL as reports may show it: no password, no secret query values. */
export function shownUrl(text: string): string {
  try {
    return splitCredentials(text).shown;
  } catch {
    return text;
  }
}

/**
 * Where on the server a message says something happened: the URL's path, without host,
 * query or credentials (`/api/health`). The host is in the link; the query may hold a secret.
 */
export function placeOf(url: string | URL): string {
  try {
    return new URL(url).pathname;
  } catch {
    return String(url);
  }
}

/**
 * `path` under a tool's base URL, with query parameters (undefined ones left out). The base
 * may or may not end with "/" and may hold a path prefix (`https://example.com/kuma`);
 * `path` is relative to it even when written with a leading "/":
 * `joinUrl('https://hc.example.com/hc', '/api/v3/checks/', { tag: 'prod' })` is
 * `https://hc.example.com/hc/api/v3/checks/?tag=prod`.
 */
export function joinUrl(base: string, path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const url = new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.href;
}

/** `headers` plus the URL's Basic authorization, unless the config already sets an `Authorization` header. */
export function withAuthorization(headers: Record<string, string>, authorization: string | undefined): Record<string, string> {
  if (authorization === undefined) return headers;
  return hasHeader(headers, 'authorization') ? headers : { ...headers, authorization };
}

/** True when `headers` sets `name`, in any case. */
export function hasHeader(headers: Record<string, string>, name: string): boolean {
  const wanted = name.toLowerCase();
  return Object.keys(headers).some((given) => given.toLowerCase() === wanted);
}
