/**
 * One whole run, the single entry of the CLI and the app: load the config, check
 * every resource, then `finishReport` (since, snoozes, the email, sort, count, save
 * once). It always resolves with a report, whatever the resources, the data folder
 * or the disk do; only an unreadable config file throws (`ConfigFileError`), and the
 * app avoids even that by passing its last good config.
 */
import { join } from 'node:path';
import type { Report, RunProgress, RunTrigger, Status } from '../../shared/types.js';
import { dateAndTime, howLong } from '../../shared/words.js';
import { describeFsError } from '../checks/lib/words.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { makeDirectory, removeLeftoverTempFiles } from './files.js';
import { finishReport } from './finish.js';
import { latestRun, newRunId, runsDir, type DamagedFile } from './history.js';
import { runResources, type ResourceOutcome } from './runner.js';
import { RunState } from './run-state.js';
import { configMetric, SelfMetric, selfRow, type ConfigMetric, type SelfMetricName, type SelfRow } from './self-rows.js';
import { describeStoreProblem, StateStore, StoreWriteError, type StoreData, type StoreProblem } from './store.js';

export interface RunOptions {
  configPath: string;
  dataDir: string;
  trigger: RunTrigger;
  /** Run this already-loaded config (the app's last good one) instead of reading the file. */
  config?: LoadedConfig;
  /**
   * Send the daily email after the checks (when the config has an `email` section); the
   * outcome is `report.delivery`. A function is asked when the checks have finished, so
   * a scheduled run that joins a run already in flight still sends the day's email.
   */
  email?: boolean | (() => boolean);
  onProgress?: (progress: RunProgress) => void;
  /** Progress a person may be waiting on, between email attempts. */
  onDeliveryProgress?: (message: string) => void;
  /** Cancels the run: checks still running are stopped, and the partial report is still saved. */
  signal?: AbortSignal;
  now?: () => Date;
  env?: Readonly<Record<string, string | undefined>>;
  log?: (message: string) => void;
  /**
   * Problems the caller met (and dealt with) before this run, as the app does when it
   * opens history and state outside a run: reported by this run like the ones it meets
   * itself, so the notice reaches the report as it does in the CLI.
   */
  foundBefore?: FoundBefore;
}

/** Plain data, so it crosses to a run process. */
export interface FoundBefore {
  /** Damaged run files moved aside. */
  history?: DamagedFile[];
  /** The state file's problems, as `describeStoreProblem` words them. */
  stateFile?: string[];
}

export async function runBackstop(options: RunOptions): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const env = options.env ?? process.env;
  const config = options.config ?? (await loadConfig(options.configPath, { env }));
  const started = now();
  const startedClock = performance.now();
  const self = selfRows();

  // The data folder failing must not stop the checks: the report is still made and shown.
  const dataProblem = await makeDirectory(options.dataDir).then(
    () => undefined,
    (error: unknown) => describeFsError(error),
  );
  if (dataProblem) {
    self.problem('ERROR', SelfMetric.dataFolder, `data folder ${options.dataDir} is not usable (${dataProblem}): history, [STATE] values and snoozes are not available for this run`);
  } else {
    await removeLeftovers(options.dataDir, options.log);
  }

  const store = dataProblem ? undefined : new StateStore(options.dataDir, now);
  const { data: storeData, problems: storeProblems } = await readStore(store, self);
  const seen = new Set<string>();
  const reportStoreProblems = (problems: StoreProblem[]) => {
    for (const problem of problems) {
      const key = problem.kind === 'damaged' ? problem.movedTo : problem.reason;
      if (seen.has(key)) continue;
      seen.add(key);
      self.problem('WARNING', SelfMetric.stateFile, describeStoreProblem(problem));
    }
  };
  reportStoreProblems(storeProblems);
  for (const message of options.foundBefore?.stateFile ?? []) self.problem('WARNING', SelfMetric.stateFile, message);

  // The previous run (for how long each row has been as it is, and whether Backstop itself
  // stopped) is read while the checks run: a report of 20,000 rows takes a while to read.
  const previousRead = latestRun(options.dataDir).catch((): Awaited<ReturnType<typeof latestRun>> => ({ damaged: [] }));

  for (const issue of config.issues) {
    if (issue.severity === 'error' && !/^(resources|Resources)\[/.test(issue.path)) self.row('ERROR', configMetric(issue.path), issue.message);
  }
  if (config.resources.length === 0) {
    // A config that checks nothing is not an affirmative check: it must never read as all clear.
    self.problem('WARNING', SelfMetric.nothingChecked, `nothing was checked: ${config.path} has no resources; add at least one resource (see Writing a config in the README)`);
  }

  const state = new RunState(store, storeData);
  const outcomes = await runResources(config.resources, {
    settings: config.settings,
    configDir: config.dir,
    dataDir: options.dataDir,
    env,
    now,
    stateFor: (resource) => state.open(resource.stateId ?? resource.name),
    onProgress: options.onProgress,
    signal: options.signal,
    log: options.log,
  });
  const finished = now();
  const durationMs = Math.round(performance.now() - startedClock);

  const previous = await previousRead;
  for (const damaged of [...(options.foundBefore?.history ?? []), ...previous.damaged]) {
    self.problem('WARNING', SelfMetric.history, `history file was damaged (${damaged.reason}) and moved to ${damaged.movedTo}`);
  }
  if (previous.report) {
    const gap = started.getTime() - new Date(previous.report.startedAt).getTime();
    if (gap > config.settings.staleAfterMs) {
      self.problem('WARNING', SelfMetric.previousRun, `no run for ${howLong(gap)} before this one (previous ${dateAndTime(previous.report.startedAt, config.settings.timezone)}): the backstop itself was not running`);
    }
    // The email is the heartbeat: when the last one was not sent, this one says so.
    const email = previous.report.delivery?.email;
    if (email && !email.sent) {
      self.problem('WARNING', SelfMetric.previousEmail, `the previous run's email (${dateAndTime(previous.report.startedAt, config.settings.timezone)}) was not sent: ${email.error}`);
    }
  }

  await state.settle();
  const saved = state.outcome();
  reportStoreProblems(saved.problems);
  if (saved.notSaved) {
    self.problem('ERROR', SelfMetric.stateFile, `the [STATE] values of this run could not be saved to ${saved.notSaved.file}: ${saved.notSaved.reason}; the next run starts from the values saved before`);
  }

  const rows: Omit<Status, 'since'>[] = [...outcomes.flatMap((outcome) => toStatuses(outcome)), ...self.rows];
  return finishReport(
    {
      id: newRunId(started),
      startedAt: started,
      finishedAt: finished,
      durationMs,
      trigger: options.trigger,
      config,
      rows,
      health: {
        total: config.resources.length,
        timedOut: outcomes.filter((outcome) => outcome.ending === 'timeout').map((outcome) => outcome.resource.name),
        crashed: outcomes.filter((outcome) => outcome.ending === 'crash').map((outcome) => outcome.resource.name),
        deadlineHit: outcomes.some((outcome) => outcome.ending === 'deadline'),
        notes: self.notes,
      },
    },
    {
      dataDir: options.dataDir,
      store,
      storeData,
      previous: previous.report,
      email: typeof options.email === 'function' ? options.email() : options.email === true,
      signal: options.signal,
      now,
      onDeliveryProgress: options.onDeliveryProgress,
      log: options.log,
    },
  );
}

/** Backstop's rows about this run, and the notes of its health (a problem is both). */
function selfRows() {
  const rows: SelfRow[] = [];
  const notes: string[] = [];
  return {
    rows,
    notes,
    row: (level: Status['level'], metric: ConfigMetric, result: string) => void rows.push(selfRow(level, metric, result)),
    /** A problem of the run itself: a row in the list, and a note in the run's health. */
    problem(level: Status['level'], metric: SelfMetricName, message: string) {
      rows.push(selfRow(level, metric, message));
      notes.push(message);
    },
  };
}

/** The store's data at the start; a store locked for too long reads as empty for this run, and says so. */
async function readStore(store: StateStore | undefined, self: ReturnType<typeof selfRows>): Promise<{ data: StoreData; problems: StoreProblem[] }> {
  if (!store) return { data: {}, problems: [] };
  try {
    return await store.read();
  } catch (error) {
    const reason = error instanceof StoreWriteError ? error.reason : String(error);
    self.problem('WARNING', SelfMetric.stateFile, `state file ${store.file} could not be read (${reason}): saved [STATE] values and snoozes are not available for this run`);
    return { data: {}, problems: [] };
  }
}

/** Temporary files a killed run left behind (a write cut short): removed before this run writes its own. */
async function removeLeftovers(dataDir: string, log: RunOptions['log']): Promise<void> {
  for (const folder of [dataDir, runsDir(dataDir), join(dataDir, 'unsent')]) {
    for (const removed of await removeLeftoverTempFiles(folder)) log?.(`removed ${removed}, left by a run that was stopped while writing it`);
  }
}

/** A check's statuses as report rows; a status without a link of its own takes the resource's. */
function toStatuses(outcome: ResourceOutcome): Omit<Status, 'since'>[] {
  const { resource } = outcome;
  const list = outcome.statuses.length ? outcome.statuses : [{ level: 'OK' as const, result: '' }];
  return list.map((status) => ({
    resource: resource.name,
    type: resource.type,
    metric: status.metric ?? '',
    level: status.level,
    result: status.result,
    link: status.link || resource.link,
    ...(status.perfData?.length ? { perfData: status.perfData } : {}),
    ...(resource.tags.length ? { tags: resource.tags } : {}),
  }));
}
