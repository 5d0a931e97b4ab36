/**
 * `03/12/2026` is March 12 in the US and 3 December in most of Europe. Backstop reads
 * slash dates month first (like the original harness and Google Sheets' US locale), so
 * such a date is read without error, and possibly not as meant: `backstop validate` says so.
 */
import { dayOf, isoDay } from './days.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The two readings of an ambiguous slash date, and its ISO spelling as the fix; undefined when only one reading exists. */
export function ambiguousSlashDate(text: string): { written: string; us: string; europe: string; iso: string } | undefined {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [first, second] = [Number(match[1]), Number(match[2])];
  if (first === second || first < 1 || second < 1 || first > 12 || second > 12) return undefined;
  // Both are 1 to 12: a month either way, and a day that every month has.
  const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const yyyy = String(year).padStart(4, '0');
  return { written: text.trim(), us: `${MONTHS[first - 1]} ${second}, ${yyyy}`, europe: `${first} ${MONTHS[second - 1]} ${yyyy}`, iso: isoDay(dayOf(year, first, second)) };
}

/** ``"03/12/2026" reads as March 12, 2026 (US, as Backstop reads it) but as 3 December 2026 in Europe: write "2026-03-12"``. */
export function describeAmbiguousDate(date: NonNullable<ReturnType<typeof ambiguousSlashDate>>): string {
  return `"${date.written}" reads as ${date.us} (US, as Backstop reads it) but as ${date.europe} in Europe: write "${date.iso}" (year-month-day), which nobody misreads`;
}
