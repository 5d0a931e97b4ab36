/**
 * Timestamps as status APIs write them: ISO 8601 strings, or epoch numbers in seconds
 * or milliseconds. Telling seconds from milliseconds by size is safe: 1e12 seconds is
 * the year 33658, and 1e12 milliseconds is September 2001.
 */
import { DateTime } from 'luxon';

const EPOCH_MS_THRESHOLD = 1e12;

function fromEpoch(value: number): Date | undefined {
  if (!Number.isFinite(value)) return undefined;
  return new Date(Math.abs(value) < EPOCH_MS_THRESHOLD ? value * 1000 : value);
}

/**
 * The instant a JSON value names, or undefined when it is not a timestamp.
 * Strings without an offset are read in `zone` (the config's time zone).
 */
export function parseTimestamp(value: unknown, zone: string): Date | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  // ISO 8601, and the common "2026-11-25 10:00:00" with a space instead of the T.
  for (const parsed of [DateTime.fromISO(text, { zone }), DateTime.fromSQL(text, { zone })]) {
    if (parsed.isValid) return parsed.toJSDate();
  }
  return undefined;
}
