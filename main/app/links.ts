/**
 * Which links may leave the app. Status links come from the config and check
 * output, so they are not trusted: only web and mail links reach the OS.
 */
const OPENABLE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** True for an absolute `http:`, `https:` or `mailto:` URL (no `file:`, `javascript:`, custom schemes). */
export function isOpenableLink(link: unknown): link is string {
  if (typeof link !== 'string' || link.length > 8_192) return false;
  let url: URL;
  try {
    // WHATWG parsing: http(s) URLs always have a host, or fail here.
    url = new URL(link);
  } catch {
    return false;
  }
  return OPENABLE_PROTOCOLS.has(url.protocol);
}
