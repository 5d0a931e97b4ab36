/**
 * Snoozes hide a WARNING or ERROR until a date, with a reason. When the date
 * passes and the problem is still there, it comes back as an ERROR saying so:
 * nothing stays hidden "because it always is".
 *
 * The one set of rules: the run applies them, and the app calls the same
 * functions to store a snooze and to show it at once on the report on screen.
 */
import { compareStatuses, countLevels, statusKey } from '../../shared/levels.js';
import type { Report, Snooze, Status } from '../../shared/types.js';
import { calendarDate } from '../../shared/words.js';
import { todayIn } from './dates.js';
import { describeStoreProblem, StateStore, type StoreData, type StoreProblem } from './store.js';

const KEY = 'snoozes';

/** The user snoozes in the store's data. */
export function snoozesIn(data: StoreData): Snooze[] {
  const value = data[KEY];
  return Array.isArray(value) ? (value.filter(isSnooze) as Snooze[]) : [];
}

function isSnooze(value: unknown): value is Snooze {
  const snooze = value as Partial<Snooze> | null;
  return Boolean(snooze) && typeof snooze!.resource === 'string' && typeof snooze!.until === 'string' && typeof snooze!.reason === 'string';
}

/** The snooze as it is stored, or why it cannot be. */
export function checkedSnooze(snooze: Snooze): Snooze {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(snooze.until)) throw new Error(`snooze \`until\` must be a date like "2026-12-31", got ${JSON.stringify(snooze.until)}`);
  if (!snooze.reason.trim()) throw new Error('a snooze needs a reason: say why it is snoozed, so nothing hides without one');
  return { ...snooze, reason: snooze.reason.trim(), source: 'user' };
}

const sameItem = (a: Pick<Snooze, 'resource' | 'metric'>, resource: string, metric: string | undefined) => a.resource === resource && a.metric === metric;

/** Options of the functions that read or change the snoozes in a data folder. */
export interface SnoozeStoreOptions {
  /** Told about a damaged state file moved aside on the way (the app logs it). */
  onProblem?: (message: string) => void;
}

function report(problems: StoreProblem[], options: SnoozeStoreOptions): void {
  for (const problem of problems) options.onProblem?.(describeStoreProblem(problem));
}

/** The snoozes stored in `dataDir` (made in the app). */
export async function listSnoozes(dataDir: string, options: SnoozeStoreOptions = {}): Promise<Snooze[]> {
  const { data, problems } = await new StateStore(dataDir).read();
  report(problems, options);
  return snoozesIn(data);
}

/** Adds or replaces the snooze of one item (resource + metric). Throws when it is not valid or cannot be saved. */
export async function addSnooze(dataDir: string, snooze: Snooze, options: SnoozeStoreOptions = {}): Promise<void> {
  const stored = checkedSnooze(snooze);
  const { problems } = await new StateStore(dataDir).update((data) => {
    data[KEY] = [...snoozesIn(data).filter((other) => !sameItem(other, stored.resource, stored.metric)), stored];
  });
  report(problems, options);
}

/** Removes the snooze of one item. Throws when the change cannot be saved. */
export async function removeSnooze(dataDir: string, resource: string, metric: string | undefined, options: SnoozeStoreOptions = {}): Promise<void> {
  const { problems } = await new StateStore(dataDir).update((data) => {
    data[KEY] = snoozesIn(data).filter((other) => !sameItem(other, resource, metric));
  });
  report(problems, options);
}

/** Removes snoozes that have done their job (see `finishedSnoozes`) from the store's data. */
export function withoutSnoozes(data: StoreData, done: Snooze[]): void {
  data[KEY] = snoozesIn(data).filter((other) => !done.some((finished) => sameItem(finished, other.resource, other.metric)));
}

/** A report on screen with the snoozes stored now (one made or ended while it was shown). */
export async function reapplySnoozes(report: Report, dataDir: string, now: Date, options: SnoozeStoreOptions = {}): Promise<Report> {
  return applySnoozes(report, await listSnoozes(dataDir, options), now);
}

/** The snooze that covers a status: one for its metric first, then one for the whole resource. */
function findSnooze(status: Status, snoozes: Snooze[]): Snooze | undefined {
  return (
    snoozes.find((snooze) => snooze.resource === status.resource && snooze.metric !== undefined && snooze.metric === status.metric) ??
    snoozes.find((snooze) => snooze.resource === status.resource && snooze.metric === undefined)
  );
}

/** A row as its check reported it, before any snooze; and, for an expired one, since when it has read so. */
function unsnoozed(status: Status): { status: Status; expiredSince?: string } {
  const { snooze: _snooze, expiredSnooze, ...rest } = status;
  if (!expiredSnooze) return { status: rest };
  return { status: { ...rest, level: expiredSnooze.level, result: expiredSnooze.result, since: expiredSnooze.since }, expiredSince: status.since };
}

/**
 * Moves statuses covered by an active snooze to `report.snoozed`; an expired
 * snooze over a WARNING or ERROR turns it into ERROR `snooze expired …`.
 * `today` is in the report's time zone. OK statuses are never snoozed.
 * Applying again (other snoozes, a later day) starts from the rows as the checks
 * reported them, so nothing is wrapped twice.
 */
export function applySnoozes(report: Report, snoozes: Snooze[], now: Date): Report {
  // Asked only when a snooze covers a row: a date formatter costs more than a whole run without snoozes.
  let today: string | undefined;
  const isOver = (snooze: Snooze) => (today ??= todayIn(report.timezone, now)) > snooze.until;
  const rows = [...report.statuses, ...report.snoozed];
  // Snoozes written in the config travel with the report: applying stored ones again must not undo them.
  const fromConfig = rows.flatMap((status) => [status.snooze, status.expiredSnooze?.snooze]).filter((snooze): snooze is Snooze => snooze?.source === 'config');
  const all = [...snoozes, ...fromConfig.filter((snooze) => !snoozes.some((other) => sameItem(other, snooze.resource, snooze.metric)))];
  const statuses: Status[] = [];
  const snoozed: Status[] = [];
  for (const row of rows) {
    const { status, expiredSince } = unsnoozed(row);
    const snooze = status.level === 'OK' ? undefined : findSnooze(status, all);
    if (!snooze) statuses.push(status);
    else if (!isOver(snooze)) snoozed.push({ ...status, snooze });
    else {
      statuses.push({
        ...status,
        level: 'ERROR',
        result: `snooze expired ${calendarDate(snooze.until, report.timezone)}: ${snooze.reason} (now: ${status.result})`,
        since: status.level === 'ERROR' ? status.since : (expiredSince ?? now.toISOString()),
        expiredSnooze: { snooze, level: status.level, result: status.result, since: status.since },
      });
    }
  }
  statuses.sort(compareStatuses);
  snoozed.sort(compareStatuses);
  return { ...report, statuses, snoozed, counts: countLevels(statuses) };
}

/** User snoozes whose item is OK again (or gone) and whose date has passed: they have done their job. */
export function finishedSnoozes(snoozes: Snooze[], report: Report, now: Date): Snooze[] {
  if (snoozes.length === 0) return [];
  const today = todayIn(report.timezone, now);
  const problems = new Set(report.statuses.filter((status) => status.level !== 'OK').map((status) => statusKey(status)));
  const problemResources = new Set(report.statuses.filter((status) => status.level !== 'OK').map((status) => status.resource));
  return snoozes.filter((snooze) => {
    if (snooze.source !== 'user' || today <= snooze.until) return false;
    return snooze.metric === undefined ? !problemResources.has(snooze.resource) : !problems.has(statusKey({ resource: snooze.resource, metric: snooze.metric }));
  });
}
