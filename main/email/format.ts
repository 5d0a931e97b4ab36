/**
 * Small, pure formatting rules shared by the HTML and plain-text parts:
 * which links may become links, how long an item has been at its level,
 * how a check's text is cleaned before it goes anywhere.
 */
import { DateTime, IANAZone } from 'luxon';
import { OPENABLE_PROTOCOLS } from '../../shared/ipc.js';

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

/** The report's zone when luxon knows it, else UTC (a bad zone must not stop the email). */
export function usableZone(timezone: string | undefined): string {
  return timezone && IANAZone.isValidZone(timezone) ? timezone : 'UTC';
}

export function toZoned(iso: string | Date, zone: string): DateTime {
  const dateTime = typeof iso === 'string' ? DateTime.fromISO(iso, { setZone: true }) : DateTime.fromJSDate(iso);
  return dateTime.setZone(zone).setLocale('en-GB');
}

/** `Thu 26 Nov`: the day of the run in the inbox list. */
export function dayLabel(when: DateTime): string {
  return when.isValid ? when.toFormat('ccc d LLL') : 'unknown date';
}

/** `Thu 26 Nov 2025, 07:00`. */
export function timeLabel(when: DateTime): string {
  return when.isValid ? when.toFormat('ccc d LLL yyyy, HH:mm') : 'unknown time';
}

/** `850 ms`, `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function durationLabel(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown time';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** `2025-12-01` → `Mon 1 Dec 2025`; anything else is shown as written. */
export function untilLabel(until: string): string {
  const day = DateTime.fromISO(until, { setZone: true }).setLocale('en-GB');
  return day.isValid ? day.toFormat('ccc d LLL yyyy') : until;
}
