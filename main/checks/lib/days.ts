/**
 * Calendar dates as people type them (in a sheet, a `snoozeUntil`), "today" in the
 * config's time zone, and repeat periods (a trigger's `every`). Whole days only: a
 * deadline is a day, not an instant, so a date is a whole number of days and its
 * arithmetic is integer arithmetic. Only "today" needs the time zone, once per check:
 * a sheet of 20,000 rows costs no date library call per row, and no date library is
 * loaded to read a config.
 */
import { calendarDate } from '../../../shared/words.js';

/** A calendar day: days since 1970-01-01 in the (proleptic) Gregorian calendar. */
export type Day = number;

/** A repeat period: `1 month`, `90 days`, `2 weeks`, `1 year`. */
export interface Period {
  count: number;
  unit: 'day' | 'week' | 'month' | 'year';
}

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in a month (1–12) of a year: 28 to 31. */
export const daysInMonth = (year: number, month: number) => (month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!);

/** The day of a year, month (1–12) and day of the month; no checks (see `parseDay`). */
export function dayOf(year: number, month: number, day: number): Day {
  // Days from civil (H. Hinnant): years counted from March, so the leap day ends the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The year, month (1–12) and day of the month of a day. */
export function civilOf(day: Day): { year: number; month: number; day: number } {
  const shifted = day + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1 };
}

/** A day as results write every date: `2026-11-20`. */
export function isoDay(day: Day): string {
  const date = civilOf(day);
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Two-digit years as spreadsheets (and luxon) read them: 00–60 are 2000–2060, 61–99 are 1961–1999. */
const fullYear = (twoDigits: number) => (twoDigits > 60 ? 1900 + twoDigits : 2000 + twoDigits);

export const DATE_EXAMPLES = '2026-11-20 or 11/20/2026';

/** The number written by the ASCII digits of `text` from `start` up to `end`, or -1 when one is not a digit or there are none. */
function digits(text: string, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The written day (`2026-11-20`, `11/20/2026`, `11/20/26`), or undefined when the text is not a real date in one of those spellings.
 * Read character by character, the way `^(\d{4})-(\d{2})-(\d{2})$` and `^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$` read
 * it (test/checks/lib/days.test.ts holds them to that): a sheet of 20,000 rows reads two dates a row.
 */
export function parseDay(text: string): Day | undefined {
  const trimmed = text.trim();
  const length = trimmed.length;
  let year: number;
  let month: number;
  let day: number;
  if (length === 10 && trimmed.charCodeAt(4) === 45 && trimmed.charCodeAt(7) === 45) {
    // 2026-11-20
    year = digits(trimmed, 0, 4);
    month = digits(trimmed, 5, 7);
    day = digits(trimmed, 8, 10);
  } else {
    // 11/20/2026 or 11/20/26
    const first = trimmed.indexOf('/');
    const second = first < 0 ? -1 : trimmed.indexOf('/', first + 1);
    const yearLength = length - second - 1;
    if (second < 0 || first > 2 || second - first - 1 > 2 || (yearLength !== 4 && yearLength !== 2)) return undefined;
    month = digits(trimmed, 0, first);
    day = digits(trimmed, first + 1, second);
    const written = digits(trimmed, second + 1, length);
    year = yearLength === 2 && written >= 0 ? fullYear(written) : written;
  }
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayOf(year, month, day);
}

/** The run's day in `zone`. */
export function todayIn(now: Date, zone: string): Day {
  return parseDay(calendarDate(now, zone))!;
}

/** `day` plus the period by the calendar; a month or year that lacks the day ends at its last day (January 31 + 1 month = February 28). */
export function addPeriod(day: Day, period: Period): Day {
  if (period.unit === 'day') return day + period.count;
  if (period.unit === 'week') return day + 7 * period.count;
  const date = civilOf(day);
  const months = date.year * 12 + (date.month - 1) + (period.unit === 'year' ? 12 * period.count : period.count);
  const year = Math.floor(months / 12);
  const month = months - year * 12 + 1;
  return dayOf(year, month, Math.min(date.day, daysInMonth(year, month)));
}

export const PERIOD_EXAMPLES = '"1 month", "90 days", "2 weeks" or "1 year"';

/** A repeat period like `1 month`, `90 days`, `2 weeks`, `1 year` (a bare `month` means one). */
export function parsePeriod(text: string): Period | undefined {
  const match = /^(\d+)?\s*(day|week|month|year)s?$/i.exec(text.trim());
  if (!match) return undefined;
  const count = match[1] === undefined ? 1 : Number(match[1]);
  if (count <= 0) return undefined;
  return { count, unit: match[2]!.toLowerCase() as Period['unit'] };
}
