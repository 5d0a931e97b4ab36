/**
 * Small, pure formatting rules shared by the HTML and plain-text parts:
 * which links may become links, how long an item has been at its level,
 * how a check's text is cleaned before it goes anywhere.
 */
import { DateTime, IANAZone } from 'luxon';
import { safeText } from '../../shared/sanitize.js';

// Which links become links, and how a check's text is made safe: the one rule of shared/sanitize.ts.
export { safeLink, type SafeLink } from '../../shared/sanitize.js';

/**
 * One line of text from a check, safe to lay out: cleaned by the one sanitizer
 * (escapes, controls, bidi overrides, line separators), runs of whitespace made one
 * space, and very long text cut so one noisy check cannot push everything else past
 * Gmail's clipping size.
 */
export function cleanText(text: string, maxLength: number): string {
  const flat = safeText(text).replace(/\s+/g, ' ').trim();
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

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * How long an item has been at its level, as of `now`: `new today` when it changed
 * on the run's calendar day, else `for 5 hours` (under a day) or `for 3 days`.
 * '' when `since` is missing or unreadable.
 */
export function sinceLabel(since: string, now: DateTime): string {
  const start = DateTime.fromISO(since);
  if (!since || !start.isValid || !now.isValid) return '';
  if (start >= now.startOf('day')) return 'new today';
  const ms = now.toMillis() - start.toMillis();
  const hour = 3_600_000;
  if (ms < hour) return `for ${plural(Math.max(1, Math.floor(ms / 60_000)), 'minute')}`;
  if (ms < 24 * hour) return `for ${plural(Math.floor(ms / hour), 'hour')}`;
  return `for ${plural(Math.floor(ms / (24 * hour)), 'day')}`;
}

/** `2025-12-01` → `Mon 1 Dec 2025`; anything else is shown as written. */
export function untilLabel(until: string): string {
  const day = DateTime.fromISO(until, { setZone: true }).setLocale('en-GB');
  return day.isValid ? day.toFormat('ccc d LLL yyyy') : until;
}
