/** Small wording helpers shared by the report, CLI and messages. */
import { DateTime } from 'luxon';

/** 1500 → "1.5s", 120000 → "2m", 93600000 → "26h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size) {
      const value = ms / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1).replace(/\.0$/, '')}${unit}`;
    }
  }
  return `${ms}ms`;
}

/** "3 days", "5 hours", "12 minutes", "a moment". */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'a moment';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** A value as JSON, cut to `max` characters: for "got …" in messages. */
export function preview(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}

/** `11/24/2026 04:00` in the time zone, the way the report writes a moment. */
export function localTime(iso: string, timezone: string): string {
  const when = DateTime.fromISO(iso, { zone: timezone });
  return when.isValid ? when.toFormat('MM/dd/yyyy HH:mm') : iso;
}
