/**
 * Small, pure formatting rules shared by the HTML and plain-text parts:
 * which links may become links, how a check's text is cleaned before it goes
 * anywhere, which zone the times are shown in. Dates, durations and ages are
 * worded by shared/words.ts, like everywhere else.
 */
import { safeText } from '../../shared/sanitize.js';
import { isKnownZone } from '../../shared/words.js';

// Which links become links, and how a check's text is made safe: the one rule of shared/sanitize.ts.
export { safeLink, type SafeLink } from '../../shared/sanitize.js';

/**
 * Whitespace that flattening would change: any but a plain space, two in a row, or one at
 * either end. Text without any (nearly all) is flat already, and is not copied to find out.
 */
const NEEDS_FLATTENING = /[^\S ]|\s\s|^\s|\s$/;

/**
 * One line of text from a check, safe to lay out: cleaned by the one sanitizer
 * (escapes, controls, bidi overrides, line separators), runs of whitespace made one
 * space, and very long text cut so one noisy check cannot push everything else past
 * Gmail's clipping size.
 */
export function cleanText(text: string, maxLength: number): string {
  const safe = safeText(text);
  const flat = NEEDS_FLATTENING.test(safe) ? safe.replace(/\s+/g, ' ').trim() : safe;
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** The report's zone when the runtime knows it, else UTC (a bad zone must not stop the email). */
export function usableZone(timezone: string | undefined): string {
  return timezone && isKnownZone(timezone) ? timezone : 'UTC';
}
