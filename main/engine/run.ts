/**
 * One whole run: load the config, check every resource, carry `since` over
 * from history, apply snoozes, save. It always resolves with a saved report,
 * whatever the resources do; only an unreadable config file throws
 * (`ConfigFileError`), and the app avoids even that by passing its last good config.
 */
import { mkdir } from 'node:fs/promises';
import { compareStatuses, countLevels, statusKey } from '../../shared/levels.js';
import type { Report, RunProgress, RunTrigger, Snooze, Status } from '../../shared/types.js';
import { dateAndTime, howLong } from '../../shared/words.js';
import type { StateBag } from '../checks/types.js';
import { loadConfig, type ConfiguredResource, type LoadedConfig } from './config.js';
import { latestRun, newRunId, saveRun } from './history.js';
import { runResources, type ResourceOutcome } from './runner.js';
import { applySnoozes, finishedSnoozes, listSnoozes, removeSnooze } from './snooze.js';
import { memoryStore, openStore, type KeyValueStore } from './store.js';

export interface RunOptions {
  configPath: string;
  dataDir: string;
  trigger: RunTrigger;
  /** Run this already-loaded config (the app's last good one) instead of reading the file. */
  config?: LoadedConfig;
  /** The state store; opened from `dataDir` when omitted. */
  store?: KeyValueStore;
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
  env?: Readonly<Record<string, string | undefined>>;
  log?: (message: string) => void;
}

/** Resource name of the rows Backstop writes about itself. */
export const SELF = 'Backstop';

export async function runBackstop(options: RunOptions): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const env = options.env ?? process.env;
  const config = options.config ?? (await loadConfig(options.configPath, { env }));
  const started = now();
  const startedClock = performance.now();
  // The data folder failing must not stop the checks: the report is still made and shown.
  const dataProblem = await mkdir(options.dataDir, { recursive: true }).then(
    () => undefined,
    (error: unknown) => plainError(error),
  );

  const selfStatuses: Status[] = [];
  const notes: string[] = [];
  const selfRow = (level: Status['level'], metric: string, result: string) => {
    selfStatuses.push({ resource: SELF, type: 'backstop', metric, level, result, link: '', since: started.toISOString() });
  };
  /** A problem of the run itself: a row in the list, and a note in the run's health. */
  const selfProblem = (level: Status['level'], metric: string, message: string) => {
    selfRow(level, metric, message);
    notes.push(message);
  };

  if (dataProblem) {
    const message = `data folder ${options.dataDir} is not usable (${dataProblem}): history, [STATE] values and snoozes are not available for this run`;
    selfProblem('ERROR', 'data folder', message);
  }

  let store = options.store;
  if (!store) {
    let opened: ReturnType<typeof openStore>;
    try {
      opened = openStore(options.dataDir, started);
    } catch (error) {
      opened = { store: memoryStore() };
      if (!dataProblem) {
        const message = `state file in ${options.dataDir} cannot be opened (${plainError(error)}): [STATE] values and snoozes are not available for this run`;
        selfProblem('ERROR', 'state file', message);
      }
    }
    store = opened.store;
    if (opened.damaged) {
      const message = `state file was damaged (${opened.damaged.reason}) and moved to ${opened.damaged.movedTo}; saved [STATE] values and snoozes start afresh`;
      selfProblem('WARNING', 'state file', message);
    }
  }

  const previous = await latestRun(options.dataDir).catch((): Awaited<ReturnType<typeof latestRun>> => ({ damaged: [] }));
  for (const damaged of previous.damaged) {
    const message = `history file was damaged (${damaged.reason}) and moved to ${damaged.movedTo}`;
    selfProblem('WARNING', 'history', message);
  }
  if (previous.report) {
    const gap = started.getTime() - new Date(previous.report.startedAt).getTime();
    if (gap > config.settings.staleAfterMs) {
      const message = `no run for ${howLong(gap)} before this one (previous ${dateAndTime(previous.report.startedAt, config.settings.timezone)}): the backstop itself was not running`;
      selfProblem('WARNING', 'previous run', message);
    }
  }

  // The email is the heartbeat: when the last one was not sent, this one says so.
  const unsent = previous.report?.statuses.find((status) => status.resource === SELF && status.metric === 'email' && status.level === 'ERROR');
  if (unsent && previous.report) {
    const message = `the previous run's email (${dateAndTime(previous.report.startedAt, config.settings.timezone)}) was not sent: ${unsent.result.replace(/^email not sent: /, '')}`;
    selfProblem('WARNING', 'previous email', message);
  }

  for (const issue of config.issues) {
    if (issue.severity === 'error' && !/^(resources|Resources)\[/.test(issue.path)) selfRow('ERROR', `config ${issue.path || 'file'}`, issue.message);
  }

  const outcomes = await runResources(config.resources, {
    settings: config.settings,
    configDir: config.dir,
    dataDir: options.dataDir,
    env,
    now,
    stateFor: (resource) => stateBag(store, resource),
    onProgress: options.onProgress,
    signal: options.signal,
    log: options.log,
  });

  const since = sinceLookup(previous.report);
  const stamp = (status: Omit<Status, 'since'>): Status => ({ ...status, since: since(status) ?? started.toISOString() });
  const statuses = [...outcomes.flatMap((outcome) => toStatuses(outcome)), ...selfStatuses].map(stamp);

  const finished = now();
  let report: Report = {
    id: newRunId(started),
    version: 1,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: Math.round(performance.now() - startedClock),
    trigger: options.trigger,
    configPath: config.path,
    timezone: config.settings.timezone,
    statuses: statuses.sort(compareStatuses),
    snoozed: [],
    counts: countLevels(statuses),
    health: {
      total: config.resources.length,
      timedOut: outcomes.filter((outcome) => outcome.ending === 'timeout').map((outcome) => outcome.resource.name),
      crashed: outcomes.filter((outcome) => outcome.ending === 'crash').map((outcome) => outcome.resource.name),
      deadlineHit: outcomes.some((outcome) => outcome.ending === 'deadline'),
      notes,
    },
  };

  const userSnoozes = listSnoozes(store);
  report = applySnoozes(report, [...configSnoozes(config.resources), ...userSnoozes], finished);
  for (const done of finishedSnoozes(userSnoozes, report, finished)) removeSnooze(store, done.resource, done.metric);

  try {
    await saveRun(options.dataDir, report, config.settings.historyKeep);
  } catch (error) {
    // Still report: a run that cannot be saved says so, loudly, in itself.
    const message = `this run could not be saved to history (${plainError(error)})`;
    const status: Status = { resource: SELF, type: 'backstop', metric: 'history', level: 'ERROR', result: message, link: '', since: started.toISOString() };
    const statuses = [...report.statuses, status].sort(compareStatuses);
    report = { ...report, statuses, counts: countLevels(statuses), health: { ...report.health, notes: [...report.health.notes, message] } };
  }
  return report;
}

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

/** When each item entered its current level: carried over from the previous run while the level stays the same. */
function sinceLookup(previous: Report | undefined): (status: Pick<Status, 'resource' | 'metric' | 'level'>) => string | undefined {
  const known = new Map<string, Status>();
  for (const status of [...(previous?.statuses ?? []), ...(previous?.snoozed ?? [])]) known.set(statusKey(status), status);
  return (status) => {
    const before = known.get(statusKey(status));
    return before && before.level === status.level ? before.since : undefined;
  };
}

function configSnoozes(resources: ConfiguredResource[]): Snooze[] {
  return resources.flatMap((resource) =>
    resource.snooze ? [{ resource: resource.name, until: resource.snooze.until, reason: resource.snooze.reason, source: 'config' as const }] : [],
  );
}

/** `[STATE]` values of one resource, kept under its `stateId` (or its name). */
function stateBag(store: KeyValueStore, resource: ConfiguredResource): StateBag {
  const key = `state.${resource.stateId ?? resource.name}`;
  const read = () => store.get<Record<string, string>>(key) ?? {};
  return {
    all: () => ({ ...read() }),
    get: (name) => read()[name],
    set: (name, value) => store.set(key, { ...read(), [name]: value }),
  };
}

function plainError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = { EACCES: 'permission denied', EROFS: 'read-only file system', ENOSPC: 'disk full', ENOTDIR: 'a file is in the way', EEXIST: 'a file is in the way' };
  if (code && words[code]) return `${words[code]}, ${code}`;
  return error instanceof Error ? error.message : String(error);
}
