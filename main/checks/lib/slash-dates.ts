/**
 * `03/12/2026` is March 12 in the US and 3 December in most of Europe. Backstop reads
 * slash dates month first (like the original harness and Google Sheets' US locale), so
 * such a date is read without error, and possibly not as meant: `backstop validate` says so.
 */
import { DateTime } from 'luxon';

/** The two readings of an ambiguous slash date, and its ISO spelling as the fix; undefined when only one reading exists. */
export function ambiguousSlashDate(text: string): { written: string; us: string; europe: string; iso: string } | undefined {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [first, second] = [Number(match[1]), Number(match[2])];
  if (first === second || first > 12 || second > 12) return undefined;
  const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const us = DateTime.utc(year, first, second);
  const europe = DateTime.utc(year, second, first);
  if (!us.isValid || !europe.isValid) return undefined;
  return { written: text.trim(), us: us.toFormat('MMMM d, yyyy'), europe: europe.toFormat('d MMMM yyyy'), iso: us.toISODate()! };
}

/** ``"03/12/2026" reads as March 12, 2026 (US, as Backstop reads it) but as 3 December 2026 in Europe: write "2026-03-12"``. */
export function describeAmbiguousDate(date: NonNullable<ReturnType<typeof ambiguousSlashDate>>): string {
  return `"${date.written}" reads as ${date.us} (US, as Backstop reads it) but as ${date.europe} in Europe: write "${date.iso}" (year-month-day), which nobody misreads`;
}
