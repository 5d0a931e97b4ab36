/**
 * The daily run: node-schedule from the config's cron in its time zone, plus
 * catch-up when the app starts or the computer wakes after a missed run.
 */
import schedule from 'node-schedule';
import type { Report } from '../../shared/types.js';
import type { AppContext } from './context.js';
import type { Runs } from './runs.js';

/** A run that began up to this long before the scheduled time still counts as that run (clock jitter). */
export const CATCH_UP_TOLERANCE_MS = 60_000;

/**
 * True when the scheduled run at `previousScheduled` was missed: there is no
 * run yet, or the latest began before it.
 */
export function needsCatchUp(latest: Pick<Report, 'startedAt'> | undefined, previousScheduled: Date | undefined): boolean {
  if (!previousScheduled) return false;
  if (!latest) return true;
  const started = Date.parse(latest.startedAt);
  return Number.isNaN(started) || started < previousScheduled.getTime() - CATCH_UP_TOLERANCE_MS;
}

export interface Scheduler {
  /** Runs now when a scheduled run was missed; resolves when done (or at once when nothing was missed). */
  catchUp(): Promise<void>;
  stop(): void;
}

export function setupSchedule(ctx: AppContext, runs: Runs): Scheduler {
  let job: schedule.Job | null = null;
  let scheduledFor = '';

  const plan = () => {
    const settings = ctx.model.state.config?.settings;
    const key = settings ? `${settings.schedule}\u0000${settings.timezone}` : '';
    if (key === scheduledFor) return;
    job?.cancel();
    job = null;
    scheduledFor = key;
    if (!settings) return;
    job = schedule.scheduleJob({ rule: settings.schedule, tz: settings.timezone }, () => {
      void runs.run('scheduled').then(updateNext);
    });
    if (!job) ctx.log(`schedule: "${settings.schedule}" in ${settings.timezone} never fires`);
    updateNext();
  };

  const updateNext = () => {
    const settings = ctx.model.state.config?.settings;
    let nextRunAt: Date | undefined;
    if (settings) {
      try {
        nextRunAt = ctx.engine.nextScheduledTime(settings.schedule, settings.timezone, ctx.now());
      } catch {
        nextRunAt = undefined;
      }
    }
    if (nextRunAt?.getTime() !== ctx.model.state.nextRunAt?.getTime()) ctx.model.update({ nextRunAt });
  };

  const catchUp = async () => {
    const settings = ctx.model.state.config?.settings;
    if (!settings || runs.running) return;
    const previous = ctx.engine.previousScheduledTime(settings.schedule, settings.timezone, ctx.now());
    if (needsCatchUp(ctx.model.state.latest, previous)) await runs.run('catch-up');
  };

  const unsubscribe = ctx.model.onChange((_state, changed) => {
    if (changed.has('config')) plan();
  });
  const onResume = () => void catchUp();
  ctx.electron.powerMonitor.on('resume', onResume);
  plan();

  return {
    catchUp,
    stop() {
      unsubscribe();
      ctx.electron.powerMonitor.removeListener('resume', onResume);
      job?.cancel();
      job = null;
    },
  };
}
