/**
 * What the kinds that read a monitoring tool's API share (alertmanager, prometheus,
 * home-assistant): the tool's base URL and how to trust it, pages of its web UI for
 * links, and which config field to name when it refuses the credential.
 */
import { joinUrl, shownUrl, splitCredentials } from '../../net/index.js';
import { caFile, headers, httpUrl, insecure } from '../fields.js';

/** `url`, `ca` and `insecure` of a tool kind: `tool` and `example` word the description. */
export function toolFields(tool: string, example: string) {
  return {
    url: httpUrl.meta({ description: `${tool}'s base URL, the address of its web UI, like "${example}" (a path prefix is kept).`, examples: [example] }),
    insecure,
    ca: caFile,
  };
}

/** `headers`, for tools behind basic auth or a bearer token: `{ Authorization: "Bearer ${TOKEN}" }`. */
export const toolHeaders = headers
  .optional()
  .meta({ description: 'Request headers, for a tool behind basic auth or a proxy that wants a token: { Authorization: "Bearer ${PROM_TOKEN}" }.' });

/**
 * The field to check when the tool answers 401 or 403: the header that carries the
 * credential as the config writes it (`headers.Authorization`, `headers.X-Api-Key`), the
 * URL's `user:password@`, or `headers` (to add one).
 */
export function credentialField(url: string, given: Record<string, string> | undefined): string {
  const names = Object.keys(given ?? {});
  const header = names.find((name) => /^authorization$/i.test(name)) ?? names.find((name) => /key|token|auth/i.test(name));
  if (header !== undefined) return `headers.${header}`;
  try {
    if (splitCredentials(url).authorization !== undefined) return 'url';
  } catch {
    // Not a URL: the schema has refused it already.
  }
  return 'headers';
}

/**
 * A page of the tool's web UI under its base URL, its password left out: `toolPage(url,
 * '#/alerts')`, `toolPage(url, 'history', { entity_id: 'lock.front_door' })`.
 */
export function toolPage(base: string, path: string, query: Record<string, string> = {}): string {
  const [route = '', fragment] = path.split('#');
  const page = joinUrl(shownUrl(base), route, query);
  return fragment === undefined ? page : `${page}#${fragment}`;
}
