/**
 * The engine functions the app calls, as one object: main.ts passes
 * `realEngine`; glue tests pass it too, or wrap one function where timing
 * matters (a slow run to prove single flight).
 */
import { loadConfig, type LoadedConfig } from '../engine/config.js';
import { itemHistory, latestReport, listRuns, readRun } from '../engine/history.js';
import { runBackstop, type RunOptions } from '../engine/run.js';
import { nextScheduledTime, previousScheduledTime } from '../engine/schedule.js';
import { addSnooze, listSnoozes, reapplySnoozes, removeSnooze, type SnoozeStoreOptions } from '../engine/snooze.js';
import type { ItemHistory, Report, Snooze, Status } from '../../shared/types.js';
import type { RunListItem } from '../../shared/ipc.js';

export interface EngineApi {
  loadConfig(path: string): Promise<LoadedConfig>;
  runBackstop(options: RunOptions): Promise<Report>;
  listRuns(dataDir: string): Promise<RunListItem[]>;
  readRun(dataDir: string, id: string): Promise<Report>;
  itemHistory(dataDir: string, item: Pick<Status, 'resource' | 'metric'>, options: { count: number; endId?: string }): Promise<ItemHistory>;
  latestReport(dataDir: string): Promise<Report | undefined>;
  listSnoozes(dataDir: string, options?: SnoozeStoreOptions): Promise<Snooze[]>;
  addSnooze(dataDir: string, snooze: Snooze, options?: SnoozeStoreOptions): Promise<void>;
  removeSnooze(dataDir: string, resource: string, metric: string | undefined, options?: SnoozeStoreOptions): Promise<void>;
  /** The report on screen with the snoozes stored now. */
  reapplySnoozes(report: Report, dataDir: string, now: Date, options?: SnoozeStoreOptions): Promise<Report>;
  previousScheduledTime(cron: string, timezone: string, now: Date): Date | undefined;
  nextScheduledTime(cron: string, timezone: string, now: Date): Date;
}

export const realEngine: EngineApi = {
  loadConfig: (path) => loadConfig(path),
  runBackstop,
  listRuns,
  readRun,
  itemHistory,
  latestReport,
  listSnoozes,
  addSnooze,
  removeSnooze,
  reapplySnoozes,
  previousScheduledTime,
  nextScheduledTime,
};
