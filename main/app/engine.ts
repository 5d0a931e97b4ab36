/**
 * The engine functions the app calls, as one object: main.ts passes
 * `realEngine`; glue tests pass it too, or wrap one function where timing
 * matters (a slow run to prove single flight).
 */
import { loadConfig, type LoadedConfig } from '../engine/config.js';
import { deliverReport, type Delivery } from '../engine/deliver.js';
import { itemHistory, latestReport, listRuns, readRun } from '../engine/history.js';
import { runBackstop, type RunOptions } from '../engine/run.js';
import { nextScheduledTime, previousScheduledTime } from '../engine/schedule.js';
import { addSnooze, applySnoozes, listSnoozes, removeSnooze } from '../engine/snooze.js';
import type { KeyValueStore } from '../engine/store.js';
import type { ItemHistory, Report, Snooze, Status } from '../../shared/types.js';
import type { RunListItem } from '../../shared/ipc.js';

export interface EngineApi {
  loadConfig(path: string): Promise<LoadedConfig>;
  runBackstop(options: RunOptions): Promise<Report>;
  deliverReport(report: Report, config: LoadedConfig, dataDir: string): Promise<Delivery>;
  listRuns(dataDir: string): Promise<RunListItem[]>;
  readRun(dataDir: string, id: string): Promise<Report>;
  itemHistory(dataDir: string, item: Pick<Status, 'resource' | 'metric'>, options: { count: number; endId?: string }): Promise<ItemHistory>;
  latestReport(dataDir: string): Promise<Report | undefined>;
  listSnoozes(store: KeyValueStore): Snooze[];
  addSnooze(store: KeyValueStore, snooze: Snooze): void;
  removeSnooze(store: KeyValueStore, resource: string, metric?: string): void;
  applySnoozes(report: Report, snoozes: Snooze[], now: Date): Report;
  previousScheduledTime(cron: string, timezone: string, now: Date): Date | undefined;
  nextScheduledTime(cron: string, timezone: string, now: Date): Date;
}

export const realEngine: EngineApi = {
  loadConfig: (path) => loadConfig(path),
  runBackstop,
  deliverReport,
  listRuns,
  readRun,
  itemHistory,
  latestReport,
  listSnoozes,
  addSnooze,
  removeSnooze,
  applySnoozes,
  previousScheduledTime,
  nextScheduledTime,
};
