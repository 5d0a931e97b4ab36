/**
 * Small, pure formatting rules shared by the HTML and plain-text parts:
 * which links may become links, how a check's text is cleaned before it goes
 * anywhere, which zone the times are shown in. Dates, durations and ages are
 * worded by shared/words.ts, like everywhere else.
 */
import { OPENABLE_PROTOCOLS } from '../../shared/ipc.js';
import { isKnownZone } from '../../shared/words.js';

/** What to do with a status's `link`: a clickable URL, nothing, or a refusal shown as text. */
export type SafeLink = { kind: 'url'; href: string } | { kind: 'none' } | { kind: 'refused'; reason: string };

/** Only http:, https: and mailto: become links; `javascript:`, `data:`, `file:` and the like are refused. */
export function safeLink(link: string): SafeLink {
  const trimmed = link.trim();
  if (trimmed === '') return { kind: 'none' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: 'refused', reason: 'not a full URL' };
  }
  if (!OPENABLE_PROTOCOLS.has(url.protocol)) return { kind: 'refused', reason: `${url.protocol} links are not allowed` };
  return { kind: 'url', href: url.href };
}

/**
 * One line of text from a check, safe to lay out: control characters and runs of
 * whitespace become one space, and very long text is cut so one noisy check
 * cannot push everything else past Gmail's clipping size.
 */
export function cleanText(text: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** The report's zone when the runtime knows it, else UTC (a bad zone must not stop the email). */
export function usableZone(timezone: string | undefined): string {
  return timezone && isKnownZone(timezone) ? timezone : 'UTC';
}
