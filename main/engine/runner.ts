/**
 * Runs every resource's check, bulletproof: each check is independent, its
 * timeout enforced here, anything thrown or returned in the wrong shape turned
 * into an ERROR, late results discarded, and the whole run bounded by a deadline.
 */
import pLimit from 'p-limit';
import type { Level, RunProgress } from '../../shared/types.js';
import { safeText } from '../../shared/sanitize.js';
import { configDuration } from '../../shared/words.js';
import type { CheckContext, CheckDefinition, CheckStatus } from '../checks/types.js';
import type { ConfiguredResource, Settings } from './config.js';
import { normalizeResult } from './check-result.js';
import { preview } from './format.js';
import type { CheckState } from './run-state.js';

/** What became of one resource. */
export interface ResourceOutcome {
  resource: ConfiguredResource;
  statuses: CheckStatus[];
  /** How it ended: `ok` also covers a check that reported ERRORs itself. */
  ending: 'ok' | 'timeout' | 'crash' | 'broken' | 'deadline' | 'cancelled';
  durationMs: number;
}

export interface RunnerOptions {
  settings: Settings;
  configDir: string;
  dataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** The `[STATE]` values of a check, closed by the runner when the check ends. */
  stateFor: (resource: ConfiguredResource) => CheckState;
  onProgress?: (progress: RunProgress) => void;
  /** Cancels the whole run (the app quitting, Ctrl-C). */
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/** How long a timed-out check gets to clean up (kill its process group) before the run moves on. */
const SETTLE_GRACE_MS = 800;

/** A thrown value of any kind, in words. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message ? `${thrown.name === 'Error' ? '' : `${thrown.name}: `}${thrown.message}` : thrown.name;
  if (typeof thrown === 'string') return thrown;
  return `threw ${preview(thrown, 120)}`;
}

/** The result of a check that ran out of time: its kind's own words, or the runner's. */
export function timeoutResult(definition: Pick<CheckDefinition, 'timeoutMessage'>, timeoutMs: number): string {
  const generic = `no response within ${configDuration(timeoutMs)} (timeout)`;
  try {
    return definition.timeoutMessage?.(timeoutMs) || generic;
  } catch {
    return generic;
  }
}

const errorStatus = (result: string, metric?: string): CheckStatus => ({ level: 'ERROR' as Level, result, ...(metric ? { metric } : {}) });

export async function runResources(resources: ConfiguredResource[], givenOptions: RunnerOptions): Promise<ResourceOutcome[]> {
  // One plain copy of the environment for the whole run: reading process.env costs a lookup per name, and every process check reads all of it.
  const options = { ...givenOptions, env: { ...givenOptions.env } };
  const { settings } = options;
  const pools = {
    network: pLimit(settings.concurrency.network),
    process: pLimit(settings.concurrency.process),
  };
  // Keyed by position: two resources may share a name (validate warns), each still shows.
  const running = new Map<number, { resource: string; started: number }>();
  let done = 0;
  const total = resources.length;
  const report = () => {
    if (!options.onProgress) return;
    const at = Date.now();
    options.onProgress({
      done,
      total,
      running: [...running.values()].map(({ resource, started }) => ({ resource, elapsedMs: at - started })).sort((a, b) => b.elapsedMs - a.elapsedMs),
    });
  };

  // The run's deadline and cancellation reach every check through one signal, and from it
  // through one listener to the controllers of the checks running then: a listener per check
  // would make each add and remove walk the hundreds already there.
  const runController = new AbortController();
  const runningChecks = new Set<AbortController>();
  runController.signal.addEventListener('abort', () => {
    for (const check of runningChecks) check.abort(runController.signal.reason);
  }, { once: true });
  const deadline = setTimeout(() => runController.abort(new DeadlineError()), settings.runDeadlineMs);
  const onCancel = () => runController.abort(new CancelledError());
  options.signal?.addEventListener('abort', onCancel, { once: true });
  if (options.signal?.aborted) onCancel();
  const ticker = options.onProgress ? setInterval(report, 500) : undefined;
  report();

  const settled: Promise<unknown>[] = [];
  try {
    return await Promise.all(
      resources.map(async (resource, position): Promise<ResourceOutcome> => {
        if (!resource.ok) {
          done++;
          return { resource, statuses: resource.problems.map((problem) => errorStatus(problem)), ending: 'broken', durationMs: 0 };
        }
        const pool = resource.definition.pool === 'process' ? pools.process : pools.network;
        const outcome = await pool(() => {
          if (runController.signal.aborted) {
            const reason = runController.signal.reason;
            return {
              resource,
              statuses: [errorStatus(reason instanceof CancelledError ? 'run cancelled before this check started' : `did not start before the run deadline (${configDuration(settings.runDeadlineMs)})`)],
              ending: reason instanceof CancelledError ? 'cancelled' : 'deadline',
              durationMs: 0,
            } satisfies ResourceOutcome;
          }
          running.set(position, { resource: resource.name, started: Date.now() });
          return runOne(resource, options, { signal: runController.signal, running: runningChecks }, settled);
        });
        running.delete(position);
        done++;
        report();
        return outcome;
      }),
    );
  } finally {
    clearTimeout(deadline);
    if (ticker) clearInterval(ticker);
    options.signal?.removeEventListener('abort', onCancel);
    // Give timed-out checks a moment to finish cleaning up (a process group being killed).
    await Promise.race([Promise.allSettled(settled), new Promise((resolve) => setTimeout(resolve, SETTLE_GRACE_MS).unref())]);
  }
}

class DeadlineError extends Error {
  override name = 'DeadlineError';
}
class CancelledError extends Error {
  override name = 'CancelledError';
}
class TimeoutError extends Error {
  override name = 'TimeoutError';
}
/**
 * The reason a finished check's signal aborts with (so it stops any I/O it left behind):
 * one for the whole process, not an Error with a stack built after every check.
 */
let finished: TimeoutError | undefined;

async function runOne(
  resource: Extract<ConfiguredResource, { ok: true }>,
  options: RunnerOptions,
  run: { signal: AbortSignal; running: Set<AbortController> },
  settled: Promise<unknown>[],
): Promise<ResourceOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError()), resource.timeoutMs);
  if (run.signal.aborted) controller.abort(run.signal.reason);
  else run.running.add(controller);
  const state = options.stateFor(resource);

  // What a stopped check cleaned up (a process it left running, killed) belongs on its row: such
  // statuses join the outcome's list even after it is returned, until the run ends (it waits for cleanups).
  const cleanup: CheckStatus[] = [];
  let outcomeStatuses: CheckStatus[] | undefined;

  const ctx: CheckContext = {
    signal: controller.signal,
    timeoutMs: resource.timeoutMs,
    now: options.now,
    timezone: options.settings.timezone,
    link: resource.link,
    resourceName: resource.name,
    configDir: options.configDir,
    dataDir: options.dataDir,
    env: options.env,
    state,
    // The debug log shows a script's own output: cleaned like every text that reaches a terminal.
    log: (message) => options.log?.(safeText(`${resource.name}: ${message}`, { lines: true })),
    connectionsPerOrigin: options.settings.concurrency.network,
    reportCleanup: (status) => {
      const normalized = normalizeResult(status);
      if (normalized.ok) (outcomeStatuses ?? cleanup).push(...normalized.statuses);
    },
  };

  const aborted = new Promise<'aborted'>((resolve) => {
    if (controller.signal.aborted) resolve('aborted');
    controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  // Promise.resolve().then() turns a synchronous throw into a rejection too.
  const work = Promise.resolve().then(() => resource.definition.check(resource.params as never, ctx));
  settled.push(work.catch(() => undefined));
  const elapsed = () => Math.round(performance.now() - started);

  let outcome: ResourceOutcome;
  try {
    outcome = await outcomeOf(resource, work, aborted, controller.signal, options, elapsed);
  } finally {
    clearTimeout(timer);
    run.running.delete(controller);
    // The check is over for the report; make sure it stops its I/O too.
    if (!controller.signal.aborted) controller.abort((finished ??= new TimeoutError('finished')));
  }
  // Its [STATE] changes are written now, once; values too large to keep are said on its rows.
  const statuses = [...outcome.statuses, ...state.close()];
  if (outcome.ending !== 'ok' && outcome.ending !== 'crash') {
    statuses.push(...cleanup);
    outcomeStatuses = statuses;
  }
  return { ...outcome, statuses };
}

/** What the check returned, or why it has none: whichever comes first of its answer and its abort. */
async function outcomeOf(
  resource: Extract<ConfiguredResource, { ok: true }>,
  work: Promise<unknown>,
  aborted: Promise<'aborted'>,
  signal: AbortSignal,
  options: RunnerOptions,
  elapsed: () => number,
): Promise<ResourceOutcome> {
  try {
    const winner = await Promise.race([work.then((value) => ({ value })), aborted]);
    if (winner === 'aborted') {
      const reason: unknown = signal.reason;
      if (reason instanceof DeadlineError) {
        return { resource, statuses: [errorStatus(`stopped at the run deadline (${configDuration(options.settings.runDeadlineMs)})`)], ending: 'deadline', durationMs: elapsed() };
      }
      if (reason instanceof CancelledError) {
        return { resource, statuses: [errorStatus('run cancelled while this check was running')], ending: 'cancelled', durationMs: elapsed() };
      }
      return { resource, statuses: [errorStatus(timeoutResult(resource.definition, resource.timeoutMs))], ending: 'timeout', durationMs: elapsed() };
    }
    const normalized = normalizeResult(winner.value);
    if (!normalized.ok) {
      return { resource, statuses: [errorStatus(`check returned an invalid result: ${normalized.problem}`)], ending: 'crash', durationMs: elapsed() };
    }
    return { resource, statuses: normalized.statuses, ending: 'ok', durationMs: elapsed() };
  } catch (thrown) {
    return { resource, statuses: [errorStatus(`check failed: ${describeThrown(thrown)}`)], ending: 'crash', durationMs: elapsed() };
  }
}
