/**
 * Calendar dates (no time of day) for snoozes, in the user's time zone, written
 * `YYYY-MM-DD` (whole-day arithmetic is in checks/lib/days.ts).
 */
import { calendarDate } from '../../shared/words.js';
import { isoDay, parseDay } from '../checks/lib/days.js';

/** `2026-12-01`, `12/1/2026` or `12/1/26` → `2026-12-01`; undefined when it is not a real date. */
export function parseDate(text: string): string | undefined {
  const day = parseDay(text);
  return day === undefined ? undefined : isoDay(day);
}

/** Today's date (`YYYY-MM-DD`) in the time zone (UTC's for a zone the runtime does not know). */
export function todayIn(timezone: string, now: Date): string {
  return calendarDate(now, timezone);
}
