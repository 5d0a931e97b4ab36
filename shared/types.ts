/**
 * Types shared by the engine (main process, CLI) and the results window.
 * Plain data only: every value here survives JSON and structured clone.
 */

/** How healthy one item is. Ordered worst first by `LEVELS` in levels.ts. */
export type Level = 'OK' | 'WARNING' | 'ERROR';

/** One Nagios-style performance datum: `'label'=value[UOM];warn;crit;min;max`. */
export interface PerfDatum {
  label: string;
  value: number;
  uom?: string;
  warn?: string;
  crit?: string;
  min?: number;
  max?: number;
}

/** A snooze hides a WARNING/ERROR until a date; it carries a reason so nothing hides forever. */
export interface Snooze {
  /** Resource name the snooze applies to. */
  resource: string;
  /** Metric within the resource; `undefined` snoozes every metric of the resource. */
  metric?: string;
  /** Last day (inclusive, `YYYY-MM-DD` in the configured time zone) the item stays hidden. */
  until: string;
  reason: string;
  /** Where the snooze came from: the config file, or a person in the app. */
  source: 'config' | 'user';
  createdAt?: string;
}

/** One line of the report. */
export interface Status {
  /** The resource's `name` from the config. */
  resource: string;
  /** The resource's check kind (`http`, `process`, …). */
  type: string;
  /** What within the resource this line measures; '' when the resource has one line. */
  metric: string;
  level: Level;
  /** What was measured, against the threshold: `cert expires in 6 days (warn < 21)`. */
  result: string;
  /** Where to investigate: an http, https or mailto URL, or '' (none given, or refused: see `linkRefused`). */
  link: string;
  /** Why the link given was not kept (`javascript: links are not allowed`); the link itself is never shown. */
  linkRefused?: string;
  /** ISO time this item entered its current level (from history). */
  since: string;
  perfData?: PerfDatum[];
  /** Present on items hidden by a snooze (they appear in `Report.snoozed`). */
  snooze?: Snooze;
  /**
   * Present on a row whose snooze has passed its date while the problem is still there:
   * the snooze, and the row as the check reported it (the row itself reads `snooze expired …`).
   * Lets the snoozes be applied again (a snooze added or extended in the window) without losing it.
   */
  expiredSnooze?: { snooze: Snooze; level: Level; result: string; since: string };
  tags?: string[];
}

/** The run's own health: a backstop must report on itself too. */
export interface RunHealth {
  /** Resources checked (including broken ones reported as ERROR). */
  total: number;
  /** Names of resources whose check hit its timeout. */
  timedOut: string[];
  /** Names of resources whose check threw or returned garbage. */
  crashed: string[];
  /** True when the whole-run deadline cut checks short. */
  deadlineHit: boolean;
  /** Problems of the run itself (damaged history moved aside, email not sent, …), already also present as statuses. */
  notes: string[];
}

export interface LevelCounts {
  OK: number;
  WARNING: number;
  ERROR: number;
}

/** Everything one run produced. Saved as one file per run in the data folder. */
export interface Report {
  /** Sortable unique id, also the history file name. */
  id: string;
  /** Format version of this object, for readers of old history files. */
  version: 1;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  trigger: RunTrigger;
  /** Absolute path of the config file the run used. */
  configPath: string;
  timezone: string;
  /** Active statuses, worst first, then resource, then metric. */
  statuses: Status[];
  /** Statuses hidden by a snooze that has not expired, same order. */
  snoozed: Status[];
  /** Counts of `statuses` (snoozed items are not counted). */
  counts: LevelCounts;
  health: RunHealth;
  /** What became of the daily email, when the run was asked to send it and the config has an `email` section. */
  delivery?: ReportDelivery;
}

/** The outcome of sending the report by email, and of the URL pinged after it. */
export interface ReportDelivery {
  email: { sent: true; attempts: number; messageId: string } | { sent: false; attempts: number; error: string; savedTo?: string };
  /** The heartbeat URL after a sent email, the failure URL after an unsent one; absent when none is configured. */
  ping?: { url: 'heartbeat' | 'failure'; error?: string };
}

export type RunTrigger = 'cli' | 'scheduled' | 'manual' | 'catch-up';

/** One run in the history list: what the picker shows without reading the whole run. */
export interface RunSummary {
  id: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  trigger: RunTrigger;
  counts: LevelCounts;
  /** How many items were snoozed (absent in summaries written before it existed). */
  snoozed?: number;
}

/** Progress of a run in flight, for the CLI's progress line and the window's Run now. */
export interface RunProgress {
  done: number;
  total: number;
  /** Resources still running, slowest (longest running) first. */
  running: { resource: string; elapsedMs: number }[];
}

/** A problem found in the config file, with where it is. */
export interface ConfigIssue {
  severity: 'error' | 'warning';
  /** Path inside the file, like `resources[3].url`; '' for the whole file. */
  path: string;
  /** Worded as the fix: ``resource `db backup` (file-age): `maxAge` must be a duration like "26h", got "yesterday"``. */
  message: string;
}

/** One earlier run as seen by one item: its level then, for the detail view's strip of marks. */
export interface ItemRun {
  /** Run id (also its history file name). */
  id: string;
  startedAt: string;
  /** The item's level in that run; undefined when the run did not have the item (not configured then, or the run failed). */
  level?: Level;
  /** The item's result in that run (cut to a few hundred characters). */
  result?: string;
  /** The snooze that hid it in that run, when it was snoozed. */
  snooze?: Snooze;
}

/** An item's recent history, oldest run first. */
export interface ItemHistory {
  runs: ItemRun[];
}
