/**
 * Text for the window: times, durations, "for 3 days". Pure functions, shown
 * with textContent.
 */
import type { Level, RunProgress } from '../shared/types.js';

/** The IANA zone if the browser knows it, otherwise undefined (the local zone). */
export function knownZone(timezone: string | undefined): string | undefined {
  if (!timezone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return timezone;
  } catch {
    return undefined;
  }
}

function dayOf(date: Date, zone: string | undefined): string {
  return date.toLocaleDateString('en-CA', { timeZone: zone });
}

/** `YYYY-MM-DD` of `now` in the zone: the earliest day a snooze may end. */
export function todayIn(zone: string | undefined, now: Date): string {
  return dayOf(now, zone);
}

/** `YYYY-MM-DD` `days` after `day`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `today at 04:00`, `yesterday at 04:00`, `Jan 12 at 04:00`, `Jan 12, 2025 at 04:00`. */
export function formatWhen(iso: string, zone: string | undefined, now: Date): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return 'at an unknown time';
  const time = when.toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = dayOf(when, zone);
  if (day === dayOf(now, zone)) return `today at ${time}`;
  if (day === dayOf(new Date(now.getTime() - 86_400_000), zone)) return `yesterday at ${time}`;
  if (day === dayOf(new Date(now.getTime() + 86_400_000), zone)) return `tomorrow at ${time}`;
  const sameYear = day.slice(0, 4) === dayOf(now, zone).slice(0, 4);
  const date = when.toLocaleDateString('en-US', { timeZone: zone, month: 'short', day: 'numeric', year: sameYear ? undefined : 'numeric' });
  return `${date} at ${time}`;
}

/** `Dec 1, 2026` from `2026-12-01`. */
export function formatDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
}

/** `820 ms`, `12.4 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

const LEVEL_WORDS: Record<Level, [one: string, many: string]> = {
  ERROR: ['error', 'errors'],
  WARNING: ['warning', 'warnings'],
  OK: ['OK', 'OK'],
};

export function countLabel(level: Level, count: number): string {
  const [one, many] = LEVEL_WORDS[level];
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** `12 of 40 done · still running: db backup (3.2 s), api (1.1 s) and 3 more`. */
export function progressLine(progress: RunProgress, shown = 3): string {
  const head = `${progress.done} of ${progress.total} done`;
  if (progress.running.length === 0) return head;
  const names = progress.running.slice(0, shown).map((item) => `${item.resource} (${formatDuration(item.elapsedMs)})`);
  const more = progress.running.length > shown ? ` and ${progress.running.length - shown} more` : '';
  return `${head} · still running: ${names.join(', ')}${more}`;
}
