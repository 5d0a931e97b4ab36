/**
 * INTERIM: wording the window and the email need that shared/words.ts will own.
 * Kept in this one file so it can be deleted, and its callers pointed at
 * shared/words.ts, as soon as that module lands. Add nothing else here.
 */
import type { LevelCounts, Status } from './types.js';

/** `1 error`, `2 errors`, `1,204 checks`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

const AGE_UNITS: [limitMs: number, unitMs: number, name: string][] = [
  [3_600_000, 60_000, 'minute'],
  [2 * 86_400_000, 3_600_000, 'hour'],
  [60 * 86_400_000, 86_400_000, 'day'],
  [730 * 86_400_000, 30 * 86_400_000, 'month'],
  [Infinity, 365 * 86_400_000, 'year'],
];

/** `under a minute`, `12 minutes`, `5 hours` (up to two days), `3 days`, `4 months`, `2 years`. */
export function ageWords(elapsedMs: number): string {
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed < 60_000) return 'under a minute';
  for (const [limit, unit, name] of AGE_UNITS) {
    if (elapsed < limit) return plural(Math.floor(elapsed / unit), name);
  }
  return '';
}

/** How long an item has been at its level as of `now`: `for 3 days`; '' when `since` is unreadable. */
export function sinceWords(sinceIso: string, now: Date): string {
  const since = Date.parse(sinceIso);
  if (Number.isNaN(since) || Number.isNaN(now.getTime())) return '';
  return `for ${ageWords(now.getTime() - since)}`;
}

/** The run's headline: `All 37 checks OK`, `3 of 37 checks need attention`, `Nothing was checked`. */
export function countsHeadline(counts: LevelCounts): string {
  const total = counts.ERROR + counts.WARNING + counts.OK;
  if (total === 0) return 'Nothing was checked';
  const problems = counts.ERROR + counts.WARNING;
  if (problems === 0) return `All ${plural(total, 'check')} OK`;
  return `${problems.toLocaleString('en-US')} of ${plural(total, 'check')} ${problems === 1 ? 'needs' : 'need'} attention`;
}

/** `db backup: nightly dump`, or just the resource when its metric is ''. */
export function itemTitle(status: Pick<Status, 'resource' | 'metric'>): string {
  return status.metric ? `${status.resource}: ${status.metric}` : status.resource;
}

/** A Nagios threshold range as words: `above 85`, `below 10`, `outside 10–20`, `inside 10–20`. */
export function rangeWords(range: { start: number; end: number; inside: boolean }, unit = ''): string {
  const n = (value: number) => `${value.toLocaleString('en-US')}${unit}`;
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
