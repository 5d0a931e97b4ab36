/**
 * Backstop's own rows: what it has to say about the run itself (history, state,
 * email, heartbeat, the previous run, the config, the data folder, nothing
 * checked). Each is made here from a typed metric and recognised by it, never by
 * its wording.
 */
import type { Level, Status } from '../../shared/types.js';

/** Resource name of Backstop's own rows. */
export const SELF_RESOURCE = 'Backstop';
/** Their `type`: no check kind has this name, so a user resource called "Backstop" is never mistaken for one. */
export const SELF_TYPE = 'backstop';

/** Every metric Backstop reports on itself. */
export const SelfMetric = {
  dataFolder: 'data folder',
  history: 'history',
  stateFile: 'state file',
  previousRun: 'previous run',
  email: 'email',
  heartbeat: 'heartbeat',
  previousEmail: 'previous email',
  nothingChecked: 'nothing checked',
} as const;

export type SelfMetricName = (typeof SelfMetric)[keyof typeof SelfMetric];

/** A top-level config problem is one row per path: `config timezone`. */
export type ConfigMetric = `config ${string}`;

export function configMetric(path: string): ConfigMetric {
  return `config ${path || 'file'}`;
}

/** One of Backstop's own rows, before `since` is filled in. */
export type SelfRow = Omit<Status, 'since'> & { type: typeof SELF_TYPE };

export function selfRow(level: Level, metric: SelfMetricName | ConfigMetric, result: string): SelfRow {
  return { resource: SELF_RESOURCE, type: SELF_TYPE, metric, level, result, link: '' };
}

/** True for Backstop's own row with this metric. */
export function isSelfRow(status: Pick<Status, 'resource' | 'type' | 'metric'>, metric: SelfMetricName): boolean {
  return status.resource === SELF_RESOURCE && status.type === SELF_TYPE && status.metric === metric;
}
