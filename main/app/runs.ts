/**
 * Runs the checks for the app, each run in its own process (run-process.ts):
 * one run at a time (a second request joins the one in flight), progress into
 * the model, the email with scheduled runs, a notification when things got worse.
 */
import type { Report, RunProgress, RunTrigger } from '../../shared/types.js';
import type { AppContext } from './context.js';
import type { Notifier } from './notify.js';
import type { FoundBefore } from '../engine/run.js';
import { storeOptions } from './snoozes.js';
import { RunProblem, startRun, type RunInFlight } from './run-process.js';

export interface Runs {
  /** Starts a run, or returns the one in flight. Resolves with its report (undefined when it could not run). */
  run(trigger: RunTrigger): Promise<Report | undefined>;
  readonly running: boolean;
  /**
   * Stops the run in flight ("Stop the run", quitting): its checks' process groups
   * are killed and the cut-short run is still saved. After `graceMs` its process
   * is ended. Resolves when it has ended.
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
  let current: RunInFlight | undefined;
  // Set by a scheduled or catch-up request, even one that joins a Run now in flight:
  // the day's email is the heartbeat and must not be lost to a click a minute before 4 am.
  let emailOwed = false;
  let stopping = false;

  const execute = async (trigger: RunTrigger): Promise<Report | undefined> => {
    const { config, configText } = ctx.model.state;
    if (!config || configText === undefined) {
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
    // Problems the app met outside a run: this run reports them (met while it runs, they wait for the next).
    const foundBefore = ctx.model.state.foundBefore;
    try {
      current = startRun(ctx.launchRun, { configPath: config.path, configText, dataDir: ctx.paths.dataDir, trigger, email: emailOwed, ...(foundBefore && { foundBefore }) }, onProgress);
      const ran = (await current.result).report;
      if (foundBefore) ctx.model.update({ foundBefore: without(ctx.model.state.foundBefore, foundBefore) });
      if (ran.delivery && !ran.delivery.email.sent) ctx.log(`email not sent: ${ran.delivery.email.error}`);
      // A snooze made after the run read the store is not in the report: apply the stored ones again.
      const report = await ctx.engine.reapplySnoozes(ran, ctx.paths.dataDir, ctx.now(), storeOptions(ctx)).catch((error: unknown) => {
        ctx.log(`snoozes not read again: ${error instanceof Error ? error.message : String(error)}`);
        return ran;
      });
      ctx.model.update({ latest: report, progress: undefined, runError: undefined });
      notifier.runFinished(previous, report);
      return report;
    } catch (error) {
      const message = error instanceof RunProblem ? error.message : `the run failed: ${error instanceof Error ? error.message : String(error)}`;
      ctx.log(message);
      ctx.model.update({ progress: undefined, runError: message });
      return undefined;
    } finally {
      clearTimeout(timer);
      pending = undefined;
      current = undefined;
    }
  };

  return {
    run(trigger) {
      if (sendsEmail(trigger) && !stopping) {
        // Joining a run that started without the email: it sends it after all.
        if (inFlight && !emailOwed) current?.sendEmail();
        emailOwed = true;
      }
      inFlight ??= execute(trigger).finally(() => {
        inFlight = undefined;
        emailOwed = false;
      });
      return inFlight;
    },
    get running() {
      return inFlight !== undefined;
    },
    async stop(graceMs = 5_000) {
      if (!inFlight) return;
      stopping = true;
      try {
        await current?.stop(graceMs);
        await inFlight;
      } finally {
        stopping = false;
      }
    },
  };
}

/** What is left of `all` once `reported` has been reported; undefined when nothing is. */
function without(all: FoundBefore | undefined, reported: FoundBefore): FoundBefore | undefined {
  const history = (all?.history ?? []).filter((item) => !reported.history?.includes(item));
  const stateFile = (all?.stateFile ?? []).filter((item) => !reported.stateFile?.includes(item));
  return history.length || stateFile.length ? { history, stateFile } : undefined;
}
