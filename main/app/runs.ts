/**
 * Runs the checks for the app: one run at a time (a second request joins the
 * one in flight), progress into the model, the email after scheduled runs, a
 * notification when things got worse.
 */
import type { Report, RunProgress, RunTrigger } from '../../shared/types.js';
import type { AppContext } from './context.js';
import type { Notifier } from './notify.js';

export interface Runs {
  /** Starts a run, or returns the one in flight. Resolves with its report (undefined when it could not run). */
  run(trigger: RunTrigger): Promise<Report | undefined>;
  readonly running: boolean;
  /**
   * Cancels the run in flight (quitting): its checks' process groups are killed and
   * the cancelled run is still saved. Resolves when it has ended, or after `graceMs`.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Scheduled and catch-up runs are the daily run: they send the email. A click on Run now does not. */
export function sendsEmail(trigger: RunTrigger): boolean {
  return trigger === 'scheduled' || trigger === 'catch-up';
}

const PROGRESS_INTERVAL_MS = 100;

export function setupRuns(ctx: AppContext, notifier: Pick<Notifier, 'runFinished'>): Runs {
  let inFlight: Promise<Report | undefined> | undefined;
  // Set by a scheduled or catch-up request, even one that joins a Run now in flight:
  // the day's email is the heartbeat and must not be lost to a click a minute before 4 am.
  let emailOwed = false;
  let cancel: AbortController | undefined;

  const execute = async (trigger: RunTrigger): Promise<Report | undefined> => {
    const config = ctx.model.state.config;
    if (!config) {
      ctx.model.update({ runError: `cannot run: ${ctx.paths.configPath} could not be read; fix it and save, or use Open config file` });
      return undefined;
    }
    const previous = ctx.model.state.latest;
    // At most one progress update per interval, and always the latest one (a trailing update).
    let lastSent = 0;
    let pending: RunProgress | undefined;
    let timer: NodeJS.Timeout | undefined;
    const send = () => {
      timer = undefined;
      lastSent = Date.now();
      if (pending) ctx.model.update({ progress: pending });
      pending = undefined;
    };
    const onProgress = (progress: RunProgress) => {
      pending = progress;
      const wait = PROGRESS_INTERVAL_MS - (Date.now() - lastSent);
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    };
    ctx.model.update({ progress: { done: 0, total: config.resources.length, running: [] } });
    cancel = new AbortController();
    try {
      let report = await ctx.engine.runBackstop({
        configPath: config.path,
        dataDir: ctx.paths.dataDir,
        trigger,
        config,
        // Asked when the checks have finished: a scheduled run that joined this one still sends the day's email.
        email: () => {
          const owed = emailOwed;
          emailOwed = false;
          return owed;
        },
        onProgress,
        signal: cancel.signal,
        now: ctx.now,
      });
      clearTimeout(timer);
      pending = undefined;
      if (report.delivery && !report.delivery.email.sent) ctx.log(`email not sent: ${report.delivery.email.error}`);
      // A snooze made after the run read the store is not in the report: apply the stored ones again.
      const ran = report;
      report = await ctx.engine.reapplySnoozes(ran, ctx.paths.dataDir, ctx.now(), { onProblem: ctx.log }).catch((error: unknown) => {
        ctx.log(`snoozes not read again: ${error instanceof Error ? error.message : String(error)}`);
        return ran;
      });
      ctx.model.update({ latest: report, progress: undefined, runError: undefined });
      notifier.runFinished(previous, report);
      return report;
    } catch (error) {
      clearTimeout(timer);
      pending = undefined;
      const message = error instanceof Error ? error.message : String(error);
      ctx.log(`run failed: ${message}`);
      ctx.model.update({ progress: undefined, runError: `the run failed: ${message}` });
      return undefined;
    }
  };

  return {
    run(trigger) {
      if (sendsEmail(trigger)) emailOwed = true;
      inFlight ??= execute(trigger).finally(() => {
        inFlight = undefined;
        emailOwed = false;
      });
      return inFlight;
    },
    get running() {
      return inFlight !== undefined;
    },
    async stop(graceMs = 5000) {
      if (!inFlight) return;
      // Quitting: no email for a cut-short run (sending may take minutes of retries).
      emailOwed = false;
      cancel?.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([inFlight, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    },
  };
}
