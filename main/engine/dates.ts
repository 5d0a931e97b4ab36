/**
 * Calendar dates (no time of day) for snoozes, in the user's time zone.
 */
import { DateTime } from 'luxon';

const FORMATS = ['yyyy-MM-dd', 'M/d/yyyy', 'M/d/yy'];

/** `2026-12-01`, `12/1/2026` or `12/1/26` → `2026-12-01`; undefined when it is not a real date. */
export function parseDate(text: string): string | undefined {
  const trimmed = text.trim();
  for (const format of FORMATS) {
    const parsed = DateTime.fromFormat(trimmed, format, { zone: 'UTC' });
    if (parsed.isValid) return parsed.toISODate() ?? undefined;
  }
  return undefined;
}

/** Today's date (`YYYY-MM-DD`) in the time zone. */
export function todayIn(timezone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate() ?? now.toISOString().slice(0, 10);
}
