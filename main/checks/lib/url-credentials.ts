/**
 * `https://user:pass@host/…` in a config: people write it (curl and browsers accept it),
 * but fetch and undici refuse or silently drop it. Turn it into the Basic `Authorization`
 * header it stands for, and keep the password out of every report line and link.
 */

export interface UrlWithCredentials {
  /** The URL without user and password: what is requested. */
  url: string;
  /** `Basic …` for the URL's user and password, or undefined when it has none. */
  authorization?: string;
  /** The URL as reports may show it: the user kept, the password dropped. */
  shown: string;
}

export function splitCredentials(text: string): UrlWithCredentials {
  const url = new URL(text);
  if (url.username === '' && url.password === '') return { url: text, shown: text };
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.password = '';
  const shown = url.href;
  url.username = '';
  return { url: url.href, authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`, shown };
}

/** `headers` plus the URL's Basic authorization, unless the config already sets an `Authorization` header. */
export function withAuthorization(headers: Record<string, string>, authorization: string | undefined): Record<string, string> {
  if (authorization === undefined) return headers;
  const hasOwn = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  return hasOwn ? headers : { ...headers, authorization };
}
