/**
 * What the app knows right now — the last good config, the latest report, the
 * run in flight — and who wants to hear when it changes (tray, window).
 * Plain data, no electron: the tray and window read it, features write it.
 */
import { DEFAULTS, type LoadedConfig } from '../engine/config.js';
import type { FoundBefore } from '../engine/run.js';
import type { ConfigIssue, Report, RunProgress } from '../../shared/types.js';
import type { WindowState } from '../../shared/ipc.js';

export interface ModelState {
  /** The last config that loaded without errors: what runs use. */
  config?: LoadedConfig;
  /** The text `config` was parsed from: what a run process parses again. */
  configText?: string;
  /** Issues of the file as it is now (errors mean it is broken and `config` is older). */
  configIssues: ConfigIssue[];
  /** The latest run with the current snoozes applied. */
  latest?: Report;
  progress?: RunProgress;
  runError?: string;
  nextRunAt?: Date;
  /** Problems the app met outside a run (history or state it opened), waiting for the next run to report them. */
  foundBefore?: FoundBefore;
}

export type ModelListener = (state: ModelState, changed: ReadonlySet<keyof ModelState>) => void;

export class AppModel {
  private current: ModelState = { configIssues: [] };
  private readonly listeners = new Set<ModelListener>();

  get state(): Readonly<ModelState> {
    return this.current;
  }

  /** Merges `patch` (an `undefined` value clears that field) and tells every listener which fields changed. */
  update(patch: Partial<ModelState>): void {
    this.current = { ...this.current, ...patch };
    const changed = new Set(Object.keys(patch) as (keyof ModelState)[]);
    for (const listener of this.listeners) listener(this.current, changed);
  }

  onChange(listener: ModelListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function configBroken(state: Pick<ModelState, 'configIssues'>): boolean {
  return state.configIssues.some((issue) => issue.severity === 'error');
}

/** A latest run finished longer ago than `staleAfterMs` is stale; no run at all is stale too. */
export function isStale(latest: Pick<Report, 'finishedAt'> | undefined, now: Date, staleAfterMs: number): boolean {
  if (!latest) return true;
  const finished = Date.parse(latest.finishedAt);
  return Number.isNaN(finished) || now.getTime() - finished > staleAfterMs;
}

export function staleAfterMs(state: Pick<ModelState, 'config'>): number {
  return state.config?.settings.staleAfterMs ?? DEFAULTS.staleAfterMs;
}

/** What the window shows, from the model. */
export function windowState(state: ModelState, configPath: string, now: Date): WindowState {
  const view: WindowState = {
    stale: state.latest ? isStale(state.latest, now, staleAfterMs(state)) : false,
    configPath,
    configIssues: state.configIssues,
  };
  if (state.latest) view.report = state.latest;
  if (state.progress) view.progress = state.progress;
  if (state.runError) view.runError = state.runError;
  if (state.nextRunAt) view.nextRunAt = state.nextRunAt.toISOString();
  return view;
}

/** Notes a problem met outside a run (a damaged file moved aside) for the next run's report, as the CLI's run reports it. */
export function metOutsideRun(model: AppModel, found: FoundBefore): void {
  const before = model.state.foundBefore;
  const history = [...(before?.history ?? []), ...(found.history ?? [])];
  const stateFile = [...(before?.stateFile ?? []), ...(found.stateFile ?? [])];
  if (history.length === 0 && stateFile.length === 0) return;
  model.update({ foundBefore: { history, stateFile } });
}
