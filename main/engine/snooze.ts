/**
 * Snoozes hide a WARNING or ERROR until a date, with a reason. When the date
 * passes and the problem is still there, it comes back as an ERROR saying so:
 * nothing stays hidden "because it always is".
 */
import { compareStatuses, countLevels, statusKey } from '../../shared/levels.js';
import type { Report, Snooze, Status } from '../../shared/types.js';
import { calendarDate } from '../../shared/words.js';
import { todayIn } from './dates.js';
import type { KeyValueStore } from './store.js';

const KEY = 'snoozes';

export function listSnoozes(store: KeyValueStore): Snooze[] {
  const value = store.get<unknown>(KEY);
  return Array.isArray(value) ? (value.filter(isSnooze) as Snooze[]) : [];
}

function isSnooze(value: unknown): value is Snooze {
  const snooze = value as Partial<Snooze> | null;
  return Boolean(snooze) && typeof snooze!.resource === 'string' && typeof snooze!.until === 'string' && typeof snooze!.reason === 'string';
}

/** Adds or replaces the snooze of one item (resource + metric). */
export function addSnooze(store: KeyValueStore, snooze: Snooze): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(snooze.until)) throw new Error(`snooze \`until\` must be a date like "2026-12-31", got ${JSON.stringify(snooze.until)}`);
  if (!snooze.reason.trim()) throw new Error('a snooze needs a reason: say why it is snoozed, so nothing hides without one');
  const others = listSnoozes(store).filter((existing) => !(existing.resource === snooze.resource && existing.metric === snooze.metric));
  store.set(KEY, [...others, { ...snooze, reason: snooze.reason.trim(), source: 'user' }]);
}

export function removeSnooze(store: KeyValueStore, resource: string, metric?: string): void {
  store.set(
    KEY,
    listSnoozes(store).filter((existing) => !(existing.resource === resource && existing.metric === metric)),
  );
}

/** The snooze that covers a status: one for its metric first, then one for the whole resource. */
function findSnooze(status: Status, snoozes: Snooze[]): Snooze | undefined {
  return (
    snoozes.find((snooze) => snooze.resource === status.resource && snooze.metric !== undefined && snooze.metric === status.metric) ??
    snoozes.find((snooze) => snooze.resource === status.resource && snooze.metric === undefined)
  );
}

/**
 * Moves statuses covered by an active snooze to `report.snoozed`; an expired
 * snooze over a WARNING or ERROR turns it into ERROR `snooze expired …`.
 * `today` is in the report's time zone. OK statuses are never snoozed.
 */
export function applySnoozes(report: Report, snoozes: Snooze[], now: Date): Report {
  const today = todayIn(report.timezone, now);
  // Snoozes written in the config travel with the report: re-applying stored ones (the app does,
  // after a snooze made mid-run) must not undo them.
  const fromConfig = report.snoozed.flatMap((status) => (status.snooze?.source === 'config' ? [status.snooze] : []));
  snoozes = [...snoozes, ...fromConfig.filter((snooze) => !snoozes.some((other) => other.resource === snooze.resource && other.metric === snooze.metric))];
  const all = [...report.statuses, ...report.snoozed.map(({ snooze: _snooze, ...status }) => status)];
  const statuses: Status[] = [];
  const snoozed: Status[] = [];
  for (const status of all) {
    const snooze = status.level === 'OK' ? undefined : findSnooze(status, snoozes);
    if (!snooze) statuses.push(status);
    else if (today <= snooze.until) snoozed.push({ ...status, snooze });
    else {
      statuses.push({
        ...status,
        level: 'ERROR',
        result: `snooze expired ${calendarDate(snooze.until, report.timezone)}: ${snooze.reason} (now: ${status.result})`,
        ...(status.level === 'ERROR' ? {} : { since: now.toISOString() }),
      });
    }
  }
  statuses.sort(compareStatuses);
  snoozed.sort(compareStatuses);
  return { ...report, statuses, snoozed, counts: countLevels(statuses) };
}

/** User snoozes whose item is OK again (or gone) and whose date has passed: they have done their job. */
export function finishedSnoozes(snoozes: Snooze[], report: Report, now: Date): Snooze[] {
  const today = todayIn(report.timezone, now);
  const problems = new Set(report.statuses.filter((status) => status.level !== 'OK').map((status) => statusKey(status)));
  const problemResources = new Set(report.statuses.filter((status) => status.level !== 'OK').map((status) => status.resource));
  return snoozes.filter((snooze) => {
    if (snooze.source !== 'user' || today <= snooze.until) return false;
    return snooze.metric === undefined ? !problemResources.has(snooze.resource) : !problems.has(statusKey({ resource: snooze.resource, metric: snooze.metric }));
  });
}
