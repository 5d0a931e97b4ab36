/**
 * The engine functions the app calls in its own process, as one object
 * (runs happen in a run process: main/run-protocol.ts). main.ts passes
 * `realEngine`; glue tests pass it too, or wrap one function.
 */
import { parseConfig, type LoadedConfig } from '../engine/config.js';
import { readConfigText } from '../engine/config-parse.js';
import { itemHistory, latestRun, listRuns, readRun, type DamagedFile, type HistoryReadOptions } from '../engine/history.js';
import { nextScheduledTime, previousScheduledTime } from '../engine/schedule.js';
import { addSnooze, listSnoozes, reapplySnoozes, removeSnooze, type SnoozeStoreOptions } from '../engine/snooze.js';
import type { ItemHistory, Report, Snooze, Status } from '../../shared/types.js';
import type { RunListItem } from '../../shared/ipc.js';

export interface EngineApi {
  /** The config file's text, size-capped; throws `ConfigFileError` worded as the CLI words it. */
  readConfigText(path: string): Promise<string>;
  /** Config text already read (with the process environment for `${VAR}`s). Throws `ConfigFileError` when it cannot be parsed. */
  parseConfig(text: string, path: string): Promise<LoadedConfig>;
  /** The history list; a damaged file met on the way is moved aside and told to `options.onDamaged`, as in the next three. */
  listRuns(dataDir: string, options?: HistoryReadOptions): Promise<RunListItem[]>;
  readRun(dataDir: string, id: string, options?: HistoryReadOptions): Promise<Report>;
  /** The newest readable run, and the damaged files met (and moved aside) on the way. */
  latestRun(dataDir: string): Promise<{ report?: Report; damaged: DamagedFile[] }>;
  itemHistory(dataDir: string, item: Pick<Status, 'resource' | 'metric'>, options: { count: number; endId?: string } & HistoryReadOptions): Promise<ItemHistory>;
  listSnoozes(dataDir: string, options?: SnoozeStoreOptions): Promise<Snooze[]>;
  addSnooze(dataDir: string, snooze: Snooze, options?: SnoozeStoreOptions): Promise<void>;
  removeSnooze(dataDir: string, resource: string, metric: string | undefined, options?: SnoozeStoreOptions): Promise<void>;
  /** The report on screen with the snoozes stored now. */
  reapplySnoozes(report: Report, dataDir: string, now: Date, options?: SnoozeStoreOptions): Promise<Report>;
  previousScheduledTime(cron: string, timezone: string, now: Date): Date | undefined;
  nextScheduledTime(cron: string, timezone: string, now: Date): Date;
}

export const realEngine: EngineApi = {
  readConfigText,
  parseConfig: (text, path) => parseConfig(text, path, process.env),
  listRuns,
  readRun,
  latestRun,
  itemHistory,
  listSnoozes,
  addSnooze,
  removeSnooze,
  reapplySnoozes,
  previousScheduledTime,
  nextScheduledTime,
};
