/**
 * The daily run. The engine's cron parser says when the next run is; the app
 * arms a timer for exactly that time and arms it again after each firing, so
 * the time shown is the time it fires. Catch-up when the app starts or the
 * computer wakes after a missed daily run.
 */
import type { RunSummary } from '../../shared/types.js';
import type { AppContext } from './context.js';
import { sendsEmail, type Runs } from './runs.js';

/** A run that began up to this long before the scheduled time still counts as that run (clock jitter). */
export const CATCH_UP_TOLERANCE_MS = 60_000;

/**
 * The longest single wait. Timers count time the computer is awake and ignore
 * clock changes; looking at the wall clock at least this often keeps a run from
 * firing late after sleep, a time-zone change or a clock correction.
 */
export const MAX_WAIT_MS = 60_000;

/**
 * True when the daily run of `previousScheduled` has not happened: no
 * scheduled or catch-up run (the ones that send the email) began since then.
 * A Run now or a CLI run on the same data folder does not count: it must not
 * swallow the day's email.
 */
export function needsCatchUp(runs: Pick<RunSummary, 'startedAt' | 'trigger'>[], previousScheduled: Date | undefined): boolean {
  if (!previousScheduled) return false;
  const since = previousScheduled.getTime() - CATCH_UP_TOLERANCE_MS;
  return !runs.some((run) => sendsEmail(run.trigger) && Date.parse(run.startedAt) >= since);
}

export interface Scheduler {
  /** Runs now when the daily run was missed; resolves when done (or at once when nothing was missed). */
  catchUp(): Promise<void>;
  stop(): void;
}

export function setupSchedule(ctx: AppContext, runs: Runs): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const settings = () => ctx.model.state.config?.settings;

  /** The next firing after `after`, or undefined when there is no usable schedule. */
  const nextAfter = (after: Date): Date | undefined => {
    const current = settings();
    if (!current) return undefined;
    try {
      return ctx.engine.nextScheduledTime(current.schedule, current.timezone, after);
    } catch (error) {
      ctx.log(`schedule: "${current.schedule}" in ${current.timezone} cannot be used: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  /** Waits for `target` in steps of at most MAX_WAIT_MS, then fires and arms the next one. */
  const arm = (target: Date | undefined) => {
    clearTimeout(timer);
    timer = undefined;
    if (ctx.model.state.nextRunAt?.getTime() !== target?.getTime()) ctx.model.update({ nextRunAt: target });
    if (!target || stopped) return;
    const wait = () => {
      const left = target.getTime() - ctx.now().getTime();
      if (left > 0) {
        timer = setTimeout(wait, Math.min(left, MAX_WAIT_MS));
        return;
      }
      // Woke up long after the time (asleep, clock moved): that is a missed run, caught up as such.
      const late = -left > CATCH_UP_TOLERANCE_MS;
      const running = late ? catchUp() : runs.run('scheduled').then(() => undefined);
      arm(nextAfter(new Date(Math.max(target.getTime(), ctx.now().getTime()))));
      void running;
    };
    wait();
  };

  const catchUp = async () => {
    const current = settings();
    if (!current) return;
    const previous = ctx.engine.previousScheduledTime(current.schedule, current.timezone, ctx.now());
    if (!previous) return;
    const history = await ctx.engine.listRuns(ctx.paths.dataDir).catch((): RunSummary[] => []);
    if (needsCatchUp(history, previous)) await runs.run('catch-up');
  };

  let planned = '';
  const plan = () => {
    const current = settings();
    const key = current ? `${current.schedule}\u0000${current.timezone}` : '';
    if (key === planned) return;
    planned = key;
    arm(nextAfter(ctx.now()));
  };

  const unsubscribe = ctx.model.onChange((_state, changed) => {
    if (changed.has('config')) plan();
  });
  // Back from sleep: the timer may be behind the wall clock; look again, and catch up what was missed.
  const onResume = () => {
    arm(nextAfter(ctx.now()));
    void catchUp();
  };
  ctx.electron.powerMonitor.on('resume', onResume);
  plan();

  return {
    catchUp,
    stop() {
      stopped = true;
      unsubscribe();
      ctx.electron.powerMonitor.removeListener('resume', onResume);
      clearTimeout(timer);
    },
  };
}
