/**
 * Every run is saved, one file per run, written all or nothing (`writeFileFully`) under
 * `<dataDir>/runs/`. Ids sort by time, so the app and the CLI can both write at
 * the same moment without touching each other's files. A small summary file
 * beside each run keeps the history list fast; a damaged file is moved aside
 * to `runs/damaged/` and reported, never crashing a run.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { safeReport } from '../../shared/sanitize.js';
import type { ItemHistory, ItemRun, Report, RunSummary, RunTrigger, Status } from '../../shared/types.js';
import { describeFsError } from '../checks/lib/words.js';
import { FileWriteError, makeDirectory, writeFileFully } from './files.js';

/** A history file that could not be read and was moved aside. */
export interface DamagedFile {
  file: string;
  movedTo: string;
  reason: string;
}

/** How history is read outside a run (the app's window): told about each damaged file moved aside on the way. */
export interface HistoryReadOptions {
  onDamaged?: (damaged: DamagedFile) => void;
}

const RUN_FILE = /^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6})\.json$/;
const ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}$/;

export function runsDir(dataDir: string): string {
  return join(dataDir, 'runs');
}

/** A new, time-sortable run id: `2026-11-26T04-00-00-123Z-a1b2c3`. */
export function newRunId(startedAt: Date): string {
  return `${startedAt.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

export function isRunId(id: string): boolean {
  return ID.test(id);
}

export function summarize(report: Report): RunSummary {
  return {
    id: report.id,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    trigger: report.trigger,
    counts: report.counts,
    snoozed: report.snoozed.length,
  };
}

/**
 * Writes the run (all or nothing) and prunes history beyond `keep`, oldest first.
 * Throws `FileWriteError` naming the run file when it cannot be written. The summary
 * is only a cache of the run file: when it cannot be written, the history list
 * rebuilds it from the run.
 */
export async function saveRun(dataDir: string, report: Report, keep = 400): Promise<void> {
  const dir = runsDir(dataDir);
  await makeDirectory(dir).catch((error: unknown) => {
    throw new FileWriteError(dir, describeFsError(error), { cause: error });
  });
  await writeFileFully(join(dir, `${report.id}.json`), JSON.stringify(report));
  await writeFileFully(join(dir, `${report.id}.summary.json`), JSON.stringify(summarize(report))).catch(() => undefined);
  await prune(dir, keep);
}

async function runIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => RUN_FILE.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .sort();
}

async function prune(dir: string, keep: number): Promise<void> {
  const ids = await runIds(dir);
  for (const id of ids.slice(0, Math.max(0, ids.length - keep))) {
    await rm(join(dir, `${id}.json`), { force: true });
    await rm(join(dir, `${id}.summary.json`), { force: true });
  }
}

function looksLikeReport(value: unknown): value is Report {
  const report = value as Partial<Report> | null;
  return (
    Boolean(report) &&
    typeof report === 'object' &&
    typeof report!.id === 'string' &&
    typeof report!.startedAt === 'string' &&
    Array.isArray(report!.statuses) &&
    Array.isArray(report!.snoozed) &&
    typeof report!.counts === 'object'
  );
}

/** Moves a damaged file aside so it is kept for inspection and never read again. */
async function moveAside(dir: string, id: string, reason: string): Promise<DamagedFile> {
  const damagedDir = join(dir, 'damaged');
  await makeDirectory(damagedDir);
  const file = join(dir, `${id}.json`);
  const movedTo = join(damagedDir, `${id}.json`);
  await rename(file, movedTo).catch(() => undefined);
  await rm(join(dir, `${id}.summary.json`), { force: true });
  return { file, movedTo, reason };
}

async function readRunFile(dir: string, id: string, options: HistoryReadOptions = {}): Promise<{ report: Report } | { damaged: DamagedFile } | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, `${id}.json`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let reason: string;
  try {
    const value: unknown = JSON.parse(text);
    // Written by an older version, or by hand: made as safe as a new run's before anyone shows it.
    if (looksLikeReport(value)) return { report: safeReport(value) };
    reason = 'not a Backstop run';
  } catch (error) {
    reason = (error as Error).message;
  }
  const damaged = await moveAside(dir, id, reason);
  options.onDamaged?.(damaged);
  return { damaged };
}

/** One run by id. Throws for an unknown id or a damaged file (which is moved aside). */
export async function readRun(dataDir: string, id: string, options: HistoryReadOptions = {}): Promise<Report> {
  if (!isRunId(id)) throw new Error(`not a run id: ${JSON.stringify(id)}`);
  const found = await readRunFile(runsDir(dataDir), id, options);
  if (!found) throw new Error(`no run ${id} in ${runsDir(dataDir)}`);
  if ('damaged' in found) throw new Error(`run ${id} is damaged (${found.damaged.reason}); moved to ${found.damaged.movedTo}`);
  return found.report;
}

/** The newest readable run, and any damaged files met (and moved aside) on the way. */
export async function latestRun(dataDir: string): Promise<{ report?: Report; damaged: DamagedFile[] }> {
  const dir = runsDir(dataDir);
  const damaged: DamagedFile[] = [];
  const ids = await runIds(dir);
  for (const id of ids.reverse()) {
    const found = await readRunFile(dir, id);
    if (!found) continue;
    if ('damaged' in found) damaged.push(found.damaged);
    else return { report: found.report, damaged };
  }
  return { damaged };
}

/** The newest readable run saved before run `id` (undefined when there is none). */
export async function runBefore(dataDir: string, id: string): Promise<Report | undefined> {
  const dir = runsDir(dataDir);
  const earlier = (await runIds(dir)).filter((other) => other < id).reverse();
  for (const other of earlier) {
    const found = await readRunFile(dir, other);
    if (found && 'report' in found) return found.report;
  }
  return undefined;
}

export async function latestReport(dataDir: string): Promise<Report | undefined> {
  return (await latestRun(dataDir)).report;
}

const TRIGGERS: readonly RunTrigger[] = ['cli', 'scheduled', 'manual', 'catch-up'];

/** A summary file as `summarize` writes it, for this run: anything else is rebuilt from the run file. */
function isSummaryOf(id: string, value: unknown): value is RunSummary {
  if (typeof value !== 'object' || value === null) return false;
  const summary = value as Partial<Record<keyof RunSummary, unknown>>;
  const counts = summary.counts as Partial<Record<string, unknown>> | null | undefined;
  return (
    summary.id === id &&
    typeof summary.startedAt === 'string' &&
    !Number.isNaN(Date.parse(summary.startedAt)) &&
    typeof summary.finishedAt === 'string' &&
    typeof summary.durationMs === 'number' &&
    TRIGGERS.includes(summary.trigger as RunTrigger) &&
    typeof counts === 'object' &&
    counts !== null &&
    ['OK', 'WARNING', 'ERROR'].every((level) => typeof counts[level] === 'number') &&
    (summary.snoozed === undefined || typeof summary.snoozed === 'number')
  );
}

/** Every run, newest first, from the summary files (rebuilt from the run file when one is missing or damaged). */
export async function listRuns(dataDir: string, options: HistoryReadOptions = {}): Promise<RunSummary[]> {
  const dir = runsDir(dataDir);
  const ids = (await runIds(dir)).reverse();
  const summaries = await Promise.all(
    ids.map(async (id): Promise<RunSummary | undefined> => {
      try {
        const summary: unknown = JSON.parse(await readFile(join(dir, `${id}.summary.json`), 'utf8'));
        if (!isSummaryOf(id, summary)) throw new Error('not a summary of this run');
        const { startedAt, finishedAt, durationMs, trigger, counts, snoozed } = summary;
        // Only the fields a summary has, each as written: a hand-edited file carries nothing more to the window.
        return { id, startedAt, finishedAt, durationMs, trigger, counts: { OK: counts.OK, WARNING: counts.WARNING, ERROR: counts.ERROR }, ...(snoozed === undefined ? {} : { snoozed }) };
      } catch {
        const found = await readRunFile(dir, id, options);
        if (!found || 'damaged' in found) return undefined;
        const summary = summarize(found.report);
        await writeFileFully(join(dir, `${id}.summary.json`), JSON.stringify(summary)).catch(() => undefined);
        return summary;
      }
    }),
  );
  return summaries.filter((summary): summary is RunSummary => summary !== undefined);
}

/** Longest result kept per run in an item's history: the strip shows it as a tooltip. */
const ITEM_RESULT_MAX = 300;

/**
 * One item's level (and result and snooze) in each of the last `count` runs up to
 * run `endId` (default: the newest), oldest first. Reads only those run files,
 * in parallel, whatever the length of the history; a run that is damaged is moved
 * aside like any other read and left out, and a run without the item says so with
 * no level.
 */
export async function itemHistory(
  dataDir: string,
  item: Pick<Status, 'resource' | 'metric'>,
  options: { count: number; endId?: string } & HistoryReadOptions,
): Promise<ItemHistory> {
  const dir = runsDir(dataDir);
  const ids = (await runIds(dir)).filter((id) => options.endId === undefined || id <= options.endId);
  const chosen = ids.slice(Math.max(0, ids.length - options.count));
  const found = await Promise.all(chosen.map((id) => readRunFile(dir, id, options).catch(() => undefined)));
  const runs: ItemRun[] = [];
  for (const entry of found) {
    if (!entry || !('report' in entry)) continue;
    const { report } = entry;
    const match = (status: Status) => status.resource === item.resource && status.metric === item.metric;
    const active = report.statuses.find(match);
    const snoozed = active ? undefined : report.snoozed.find(match);
    const status = active ?? snoozed;
    const run: ItemRun = { id: report.id, startedAt: report.startedAt };
    if (status) {
      run.level = status.level;
      run.result = status.result.length > ITEM_RESULT_MAX ? `${status.result.slice(0, ITEM_RESULT_MAX - 1)}…` : status.result;
      if (snoozed?.snooze) run.snooze = snoozed.snooze;
    }
    runs.push(run);
  }
  return { runs };
}
