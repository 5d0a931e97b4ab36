/**
 * Calendar dates as people type them in a sheet, "today" in the config's time
 * zone, and repeat periods (`every`). Whole days only: a deadline is a day, not an instant.
 */
import { DateTime, Duration } from 'luxon';

/** The accepted spellings, each with the luxon format that reads it. */
const DATE_FORMATS: { pattern: RegExp; format: string }[] = [
  { pattern: /^\d{1,2}\/\d{1,2}\/\d{4}$/, format: 'M/d/yyyy' },
  { pattern: /^\d{1,2}\/\d{1,2}\/\d{2}$/, format: 'M/d/yy' },
  { pattern: /^\d{4}-\d{2}-\d{2}$/, format: 'yyyy-MM-dd' },
];

export const DATE_EXAMPLES = '2026-11-20 or 11/20/2026';

/** Midnight of the written day in `zone`, or undefined when the text is not one of the accepted dates. */
export function parseDate(text: string, zone: string): DateTime | undefined {
  const trimmed = text.trim();
  const known = DATE_FORMATS.find(({ pattern }) => pattern.test(trimmed));
  if (!known) return undefined;
  const date = DateTime.fromFormat(trimmed, known.format, { zone });
  return date.isValid ? date.startOf('day') : undefined;
}

/** Midnight of the run's day in `zone`. */
export function startOfToday(now: Date, zone: string): DateTime {
  return DateTime.fromJSDate(now, { zone }).startOf('day');
}

/** Calendar days from `from` to `to` (negative when `to` is earlier), by their dates alone: DST's 23- and 25-hour days count as one. */
export function daysBetween(from: DateTime, to: DateTime): number {
  const calendarDay = (date: DateTime) => DateTime.utc(date.year, date.month, date.day);
  return calendarDay(to).diff(calendarDay(from), 'days').days;
}

const PERIOD_UNITS: Record<string, 'days' | 'weeks' | 'months' | 'years'> = {
  day: 'days',
  week: 'weeks',
  month: 'months',
  year: 'years',
};

export const PERIOD_EXAMPLES = '"1 month", "90 days", "2 weeks" or "1 year"';

/** A repeat period like `1 month`, `90 days`, `2 weeks`, `1 year` (a bare `month` means one). */
export function parsePeriod(text: string): Duration | undefined {
  const match = /^(\d+)?\s*(day|week|month|year)s?$/i.exec(text.trim());
  if (!match) return undefined;
  const count = match[1] === undefined ? 1 : Number(match[1]);
  const unit = PERIOD_UNITS[match[2]!.toLowerCase()];
  if (count <= 0 || unit === undefined) return undefined;
  return Duration.fromObject({ [unit]: count });
}
