/**
 * The words Backstop writes for numbers, durations, ages, sizes and dates: the one
 * place they are built, so the checks, the CLI, the email, the tray and the window
 * say the same thing the same way. The conventions are in the README ("How Backstop
 * writes numbers and dates").
 *
 * Runs in Node and in the browser: no Node imports, no luxon, only Intl with
 * explicit time zones. Date formatters are built on first use, once per zone.
 */
import type { Level, LevelCounts, RunHealth, RunTrigger, Status } from './types.js';

// ---------------------------------------------------------------- counts

/** `1 day`, `2 days`, `0 files`; give the plural when adding "s" is wrong (`1 match`, `2 matches`). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

const LEVEL_NOUNS: Record<Level, [one: string, many: string]> = {
  ERROR: ['error', 'errors'],
  WARNING: ['warning', 'warnings'],
  OK: ['OK', 'OK'],
};

/** The noun for `count` items at a level, without the number: `error`, `errors`, `OK`. */
export function levelNoun(level: Level, count: number): string {
  const [one, many] = LEVEL_NOUNS[level];
  return count === 1 ? one : many;
}

/** `1 error`, `2 warnings`, `5 OK`. */
export function levelCount(level: Level, count: number): string {
  return `${count} ${levelNoun(level, count)}`;
}

/** `2 errors, 1 warning`, `all 37 OK` or `nothing checked`: the one-line story of a run. */
export function summarizeCounts(counts: LevelCounts): string {
  const parts: string[] = [];
  if (counts.ERROR) parts.push(levelCount('ERROR', counts.ERROR));
  if (counts.WARNING) parts.push(levelCount('WARNING', counts.WARNING));
  if (parts.length === 0) return counts.OK === 0 ? 'nothing checked' : `all ${counts.OK} OK`;
  return parts.join(', ');
}

/** The headline of a run (the window): `All 37 checks OK`, `3 of 37 checks need attention`, `Nothing was checked`. */
export function countsHeadline(counts: LevelCounts): string {
  const total = counts.ERROR + counts.WARNING + counts.OK;
  if (total === 0) return 'Nothing was checked';
  const problems = counts.ERROR + counts.WARNING;
  if (problems === 0) return `All ${plural(total, 'check')} OK`;
  return `${problems} of ${plural(total, 'check')} ${problems === 1 ? 'needs' : 'need'} attention`;
}

/** An item as the window, the email and the CLI name it: `db backup: nightly dump`, or the resource alone when its metric is ''. */
export function itemTitle(status: Pick<Status, 'resource' | 'metric'>): string {
  return status.metric ? `${status.resource}: ${status.metric}` : status.resource;
}

/** A Nagios threshold range (`[@]start:end`) as words: `above 85%`, `below 10`, `outside 10–20`, `inside 10–20`, `10 or more`. */
export function rangeWords(range: { start: number; end: number; inside: boolean }, unit = ''): string {
  const n = (value: number) => `${value}${unit}`;
  const { start, end, inside } = range;
  if (inside) {
    if (end === Infinity) return `${n(start)} or more`;
    if (start === -Infinity) return `${n(end)} or less`;
    return `inside ${n(start)}–${n(end)}`;
  }
  if (end === Infinity) return `below ${n(start)}`;
  if (start === -Infinity || start === 0) return `above ${n(end)}`;
  return `outside ${n(start)}–${n(end)}`;
}

// ---------------------------------------------------------------- runs

const TRIGGER_WORDS: Record<RunTrigger, string> = {
  scheduled: 'scheduled run',
  'catch-up': 'catch-up run (the scheduled one was missed)',
  manual: 'run started by hand',
  cli: 'run from the command line',
};

/** What started a run, as the window's header and the email say it: `scheduled run`, `run started by hand`. */
export function triggerWords(trigger: RunTrigger): string {
  return TRIGGER_WORDS[trigger] ?? String(trigger);
}

/**
 * The run's own trouble, one sentence each, as the window and the email say it:
 * `The run hit its deadline, so some checks were cut short.`, `2 checks timed out: db, api.`,
 * `1 check crashed or returned garbage: queue.`, then the run's notes as they are. `names`
 * writes a list of resource names (the email shortens a long one); empty for a healthy run.
 */
export function runTrouble(health: Pick<RunHealth, 'deadlineHit' | 'timedOut' | 'crashed' | 'notes'>, names = (list: string[]) => list.join(', ')): string[] {
  const sentences: string[] = [];
  if (health.deadlineHit) sentences.push('The run hit its deadline, so some checks were cut short.');
  if (health.timedOut.length) sentences.push(`${plural(health.timedOut.length, 'check')} timed out: ${names(health.timedOut)}.`);
  if (health.crashed.length) sentences.push(`${plural(health.crashed.length, 'check')} crashed or returned garbage: ${names(health.crashed)}.`);
  return [...sentences, ...health.notes];
}

// ---------------------------------------------------------------- durations

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const CONFIG_UNITS: [size: number, unit: string][] = [
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'm'],
  [SECOND, 's'],
];

/**
 * A threshold, timeout or deadline written the way the config writes it, exactly:
 * `26h`, `7d`, `90m`, `1.5s`, `250ms`. The largest unit that holds it as a whole
 * number, else one exact decimal (`1.5s`), else milliseconds.
 */
export function configDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  for (const [size, unit] of CONFIG_UNITS) {
    if (abs >= size && abs % size === 0) return `${sign}${abs / size}${unit}`;
  }
  for (const [size, unit] of CONFIG_UNITS) {
    if (abs >= size && (abs * 10) % size === 0) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${Math.round(abs)}ms`;
}

/**
 * How long something measured took: `850 ms`, `4.2 s`, `42 s`, `3 min 5 s`, `1 h 2 min`.
 * Rounded to what a person reads (tenths of a second below 10 s, then whole seconds);
 * `unknown time` for a negative or missing value.
 */
export function elapsedTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown time';
  if (Math.round(ms) < SECOND) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 100) return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / SECOND);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

// ---------------------------------------------------------------- ages

const AGE_UNITS: [size: number, noun: string][] = [
  [DAY, 'day'],
  [HOUR, 'hour'],
  [MINUTE, 'minute'],
  [SECOND, 'second'],
];

/**
 * An age in the largest unit of which there are at least two, rounded down so an age
 * never looks older than it is: `59 seconds`, `90 seconds`, `2 minutes`, `26 hours`,
 * `47 hours`, `2 days`. Hours run to two days so `26 hours` reads against a `26h`
 * threshold. The sign is ignored; under a second is `less than a second`.
 */
export function howLong(ms: number): string {
  if (Number.isNaN(ms)) return 'an unknown time';
  const abs = Math.abs(ms);
  for (const [size, noun] of AGE_UNITS) {
    if (abs >= 2 * size) return plural(Math.floor(abs / size), noun);
  }
  if (abs >= SECOND) return plural(Math.floor(abs / SECOND), 'second');
  return 'less than a second';
}

/** `3 days ago`; an age below zero (a timestamp ahead of our clock) is `2 hours in the future (check the clocks)`. */
export function howLongAgo(ms: number): string {
  return ms < 0 ? `${howLong(ms)} in the future (check the clocks)` : `${howLong(ms)} ago`;
}

/** How long something has been so, as of now: `for 3 days`, `for 26 hours`. A start after now counts as just now. */
export function forHowLong(ms: number): string {
  return `for ${howLong(Math.max(0, ms))}`;
}

/** How long an item has been at its level (`since`, an ISO moment) as of `now`: `for 3 days`; '' when `since` is unreadable. */
export function forHowLongSince(since: string, now: Date): string {
  const start = since ? Date.parse(since) : Number.NaN;
  const elapsed = now.getTime() - start;
  return Number.isNaN(elapsed) ? '' : forHowLong(elapsed);
}

// ---------------------------------------------------------------- sizes

const SIZE_UNITS = ['KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * A byte size in decimal units (1 KB = 1000 bytes), as disk labels and download pages
 * write them: `0 bytes`, `1 byte`, `999 bytes`, `1 KB`, `999.9 KB`, `2.3 GB`. Rounded
 * down to a tenth, so a file that is too small never looks big enough.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return plural(Math.max(0, Math.floor(bytes)) || 0, 'byte');
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const tenths = Math.floor(value * 10 + 1e-9);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} ${SIZE_UNITS[unit]}`;
}

// ---------------------------------------------------------------- dates and moments

interface ZonedParts {
  date: string;
  time: string;
}

/**
 * A zone's formatter (built on first use: building one costs far more than using it; null
 * for a zone the runtime does not know) and what it has said about the zone's offset from
 * UTC, per UTC day: a number of ms, or null for a day on which the offset changes.
 */
interface Zone {
  formatter: Intl.DateTimeFormat | null;
  offsets: Map<number, number | null>;
}

const zones = new Map<string, Zone>();
const LOCAL_ZONE = '\u0000local';

function zoneOf(zone: string | undefined): Zone {
  const key = zone ?? LOCAL_ZONE;
  let known = zones.get(key);
  if (known === undefined) {
    let formatter: Intl.DateTimeFormat | null;
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        // The offset is read to the second: a zone's old local mean time was not a whole number of minutes.
        second: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      formatter = null;
    }
    known = { formatter, offsets: new Map() };
    zones.set(key, known);
  }
  return known;
}

/** True when the runtime knows the IANA zone (`Europe/Berlin`, `UTC`). */
export function isKnownZone(zone: string): boolean {
  return zone !== '' && zoneOf(zone).formatter !== null;
}

/** The zone; an unknown zone must not stop a report, so it shows UTC (callers that care check isKnownZone). */
function usableZone(zone: string | undefined): Zone {
  const known = zoneOf(zone);
  return known.formatter ? known : zoneOf('UTC');
}

/** The wall clock in the zone at a moment, field by field, as the formatter says it. */
function wallClock(formatter: Intl.DateTimeFormat, when: number): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(when)) parts[part.type] = part.value;
  return parts;
}

/** The zone's offset from UTC at a moment on a whole second, in ms. */
function offsetAt(formatter: Intl.DateTimeFormat, when: number): number {
  const { year, month, day, hour, minute, second } = wallClock(formatter, when);
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) - when;
}

// The moments the offset arithmetic serves: before 1900 the formatter's calendar is not the
// one Date counts in (it turns Julian in 1582), and a year must have four digits.
const ARITHMETIC_FROM = Date.UTC(1900, 0, 1);
const ARITHMETIC_UNTIL = Date.UTC(3000, 0, 1);
/** Days remembered per zone, so a process that runs for months does not grow without end. */
const REMEMBERED_DAYS = 4096;

/**
 * The zone's offset all through the UTC day holding `when`, or null when it changes that day.
 * Two formatter calls, the day's first and last second, serve every moment of the day: a
 * zone's offset changes at most once in a day and on a whole second, so equal ends mean no change.
 */
function dayOffset(zone: Zone, when: number): number | null {
  const day = Math.floor(when / DAY);
  let offset = zone.offsets.get(day);
  if (offset === undefined) {
    const start = day * DAY;
    const first = offsetAt(zone.formatter!, start);
    offset = first === offsetAt(zone.formatter!, start + DAY - SECOND) ? first : null;
    if (zone.offsets.size >= REMEMBERED_DAYS) zone.offsets.clear();
    zone.offsets.set(day, offset);
  }
  return offset;
}

const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

/**
 * The date and time on the zone's wall clock, exactly as the formatter writes them, by
 * arithmetic on the day's offset (a formatter call costs microseconds, and an email of
 * 10,000 problems has a "since" label on each): the formatter itself only where the
 * arithmetic does not hold, on the day a zone changes its clocks and outside 1900–2999.
 */
function zonedParts(when: Date, zone: string | undefined): ZonedParts {
  const known = usableZone(zone);
  const moment = when.getTime();
  const offset = moment >= ARITHMETIC_FROM && moment < ARITHMETIC_UNTIL ? dayOffset(known, moment) : null;
  if (offset !== null) {
    const wall = new Date(moment + offset);
    return {
      date: `${wall.getUTCFullYear()}-${twoDigits(wall.getUTCMonth() + 1)}-${twoDigits(wall.getUTCDate())}`,
      time: `${twoDigits(wall.getUTCHours())}:${twoDigits(wall.getUTCMinutes())}`,
    };
  }
  const parts = wallClock(known.formatter!, moment);
  return { date: `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(when: Date | string): Date | undefined {
  const date = typeof when === 'string' ? new Date(when) : when;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A calendar date as results, the email and the CLI write it, the same in the US and
 * in Europe: `2026-12-01`. A moment gives its date in `zone` (undefined: the local
 * zone); a date already written `2026-12-01` is kept; unreadable text is shown as written.
 */
export function calendarDate(when: Date | string, zone: string | undefined): string {
  if (typeof when === 'string' && ISO_DATE.test(when)) return when;
  const date = toDate(when);
  return date ? zonedParts(date, zone).date : String(when);
}

/** A moment as stored text (results, the email, the CLI) writes it, in `zone`: `2026-12-01 04:00`. */
export function dateAndTime(when: Date | string, zone: string | undefined): string {
  const date = toDate(when);
  if (!date) return String(when);
  const { date: day, time } = zonedParts(date, zone);
  return `${day} ${time}`;
}

/** `2026-12-01` plus `days` (negative for earlier), by the calendar: DST does not shift it. Text that is not such a date is returned as it is. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  if (!ISO_DATE.test(isoDate) || Number.isNaN(date.getTime())) return isoDate;
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * A moment as a live view (the window, the tray) writes it, relative to `now` in
 * `zone`: `today at 04:00`, `yesterday at 04:00`, `tomorrow at 04:00`, else
 * `2026-11-24 04:00`. Only for text that is read at once: stored text would go stale.
 */
export function relativeDateAndTime(when: Date | string, zone: string | undefined, now: Date): string {
  const date = toDate(when);
  if (!date) return 'at an unknown time';
  const { date: day, time } = zonedParts(date, zone);
  const today = zonedParts(now, zone).date;
  if (day === today) return `today at ${time}`;
  if (day === addDays(today, -1)) return `yesterday at ${time}`;
  if (day === addDays(today, 1)) return `tomorrow at ${time}`;
  return `${day} ${time}`;
}
