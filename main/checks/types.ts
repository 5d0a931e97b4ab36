/**
 * The contract every check kind follows. One folder per kind under main/checks/,
 * exporting one `CheckDefinition` made with `defineCheck`, registered by one line
 * in registry.ts.
 *
 * The runner enforces the contract so each kind stays small:
 * - it validates the resource's fields against `schema` once, at config load
 *   (a check never re-validates: `params` arrive typed and defaulted);
 * - it measures time and enforces the timeout: when `ctx.signal` aborts, the
 *   check should stop its I/O (pass the signal on), but it need not report —
 *   the runner has already written the ERROR (`timeoutMessage`) and discards late results;
 * - anything thrown, or returned in the wrong shape, becomes an ERROR status.
 *
 * A check *reports* an unhealthy target by returning ERROR/WARNING statuses;
 * it throws only when it cannot do its job at all (the runner reports the throw).
 */
import type * as z from 'zod';
import type { Level, PerfDatum } from '../../shared/types.js';

/** What a check returns for one thing it measured. */
export interface CheckStatus {
  /** What within the resource this line measures; omit for a single-line resource. */
  metric?: string;
  level: Level;
  /** The measured value against the threshold: `142 ms response`, `status 503, expected 2xx`. */
  result: string;
  /** Where to investigate this line; omitted means the resource's `link`. */
  link?: string;
  perfData?: PerfDatum[];
}

/** Persistent `NAME=VALUE` state of one resource (`stateId`), kept between runs. */
export interface StateBag {
  /** Every saved value. */
  all(): Record<string, string>;
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** What the runner hands every check besides its params. */
export interface CheckContext {
  /** Aborts on timeout or when the run is cancelled. Pass it to fetch, spawn, sockets. */
  signal: AbortSignal;
  /** This check's timeout in milliseconds (already enforced by the runner). */
  timeoutMs: number;
  /** The run's clock: use it instead of `new Date()` so tests can fix "now". */
  now(): Date;
  /** IANA time zone of the config (`timezone`), for "today". */
  timezone: string;
  /** The resource's link (already environment-substituted). */
  link: string;
  /** The resource's name, for messages. */
  resourceName: string;
  /** Folder of the config file: resolve relative paths against it. */
  configDir: string;
  /** Backstop's data folder (history, state). */
  dataDir: string;
  /** Environment for child processes (the runner's process.env unless a test passes one). */
  env: Readonly<Record<string, string | undefined>>;
  /** State saved under the resource's `stateId` (or its name when it has none). */
  state: StateBag;
  /** Debug logging; shown by `backstop run --verbose`. */
  log(message: string): void;
  /**
   * Reports what the check cleaned up after it was stopped (a process it left running, killed):
   * the runner adds these to the check's row even after a timeout or cancel, whose own answer
   * it drops. Statuses of a check that finishes normally are returned as usual, not passed here.
   */
  reportCleanup?(status: CheckStatus): void;
  /**
   * Connections the network layer may open to one origin: the run's network concurrency
   * (`concurrency.network`). Pass `ctx` to `net/` and it is applied; unset means its default, 200.
   */
  connectionsPerOrigin?: number;
}

/** How a kind spends resources: network checks run ~200 at once, process checks far fewer. */
export type CheckPool = 'network' | 'process';

/** What `backstop validate` may look at for a kind's `inspect`: this machine, never the network. */
export interface InspectContext {
  /** Folder of the config file: resolve relative paths against it. */
  configDir: string;
  /** IANA time zone of the config. */
  timezone: string;
}

/** One thing `inspect` found, worded as the fix. */
export interface InspectFinding {
  severity: 'error' | 'warning';
  /** The field it is about (`source`, `sheet.keyFile`), to name in the path; omit for the resource. */
  field?: string;
  message: string;
}

export interface CheckDefinition<Schema extends z.ZodObject = z.ZodObject> {
  /** The `type` written in the config; the folder has the same name. */
  kind: string;
  /** One line for `backstop validate`, the JSON Schema and the README. */
  description: string;
  /**
   * The kind's own fields (at the same level as `name`, `type`, `link`). Every object in it is a
   * `z.strictObject`, nested ones too, so a mistyped key is an error with "did you mean"
   * (test/engine/config-strict.test.ts holds every registered kind to it).
   */
  schema: Schema;
  pool: CheckPool;
  /**
   * Problems only visible in the resource's fields as written, before `${NAME}` substitution
   * (a `${NAME}` meant for the script, not for the config). Checked once at load; each message
   * names its field and reads as the fix; `variable` is the `${NAME}` it is about, which the
   * loader then does not also call unset.
   */
  rawProblems?(fields: Record<string, unknown>): { path: string; message: string; variable?: string }[];
  /**
   * The resource's `link` when the config gives none: the tool's own page for a kind that
   * reads a monitoring tool (`https://alertmanager.example.com/#/alerts`). A resource with
   * one is actionable without a `link`, so `validate` does not ask for it. Keep credentials
   * out of it (`shownUrl`).
   */
  defaultLink?(params: z.output<Schema>): string;
  /**
   * The ERROR result when this kind's check runs out of time, worded for the kind as its
   * README section promises: `did not finish within 2m; process group killed`. The runner
   * writes it (the check's own late answer is dropped). Without it the runner says
   * `no response within 2m (timeout)`.
   */
  timeoutMessage?(timeoutMs: number): string;
  /**
   * Where to investigate when the resource has no `link`: the tool's own page for a kind that
   * reads a monitoring tool (`https://gatus.example.com/`, a status page). Applied at load, so
   * `backstop validate` does not ask for a `link` the kind already knows.
   */
  defaultLink?(params: z.output<Schema>): string;
  /**
   * What `backstop validate` can tell without running the check, from local files only: a sheet's
   * dates that read differently in the US and Europe, a header it will not recognise. Runs in
   * `validate` only, never in a run. (That files named by `localFileFields` fields exist is
   * checked for every kind already.)
   */
  inspect?(params: z.output<Schema>, ctx: InspectContext): Promise<InspectFinding[]>;
  /** Returns zero or more statuses; zero means one OK. May return one status instead of an array. */
  check(
    params: z.output<Schema>,
    ctx: CheckContext,
  ): Promise<CheckStatus | CheckStatus[] | void> | CheckStatus | CheckStatus[] | void;
}

/** Identity function that keeps `params` typed from the schema. */
export function defineCheck<Schema extends z.ZodObject>(definition: CheckDefinition<Schema>): CheckDefinition<Schema> {
  return definition;
}
