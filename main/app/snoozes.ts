/**
 * Snoozes made in the window: checked, stored in the data folder with the engine's
 * snooze functions, and shown at once by applying the engine's rules again to the
 * report on screen (the next run applies them itself).
 */
import { statusKey } from '../../shared/levels.js';
import { checkSnoozeRequest, type SnoozeRequest, type SnoozeResult } from '../../shared/ipc.js';
import type { Snooze } from '../../shared/types.js';
import { todayIn } from '../engine/dates.js';
import type { SnoozeStoreOptions } from '../engine/snooze.js';
import type { AppContext } from './context.js';
import { metOutsideRun } from './model.js';

/**
 * How the app reads and changes the stored snoozes: a damaged state file moved
 * aside on the way is logged, and reported by the next run, as the CLI's run reports it.
 */
export function storeOptions(ctx: AppContext): SnoozeStoreOptions {
  return {
    onProblem: (message) => {
      ctx.log(message);
      metOutsideRun(ctx.model, { stateFile: [message] });
    },
  };
}

export function setupSnoozes(ctx: AppContext): {
  snooze(request: SnoozeRequest): Promise<SnoozeResult>;
  unsnooze(resource: string, metric: string): Promise<void>;
} {
  const timezone = () => ctx.model.state.config?.settings.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const options = storeOptions(ctx);
  /** The latest report (as it is once the store has changed: a run may have finished meanwhile) with the stored snoozes. */
  const showStored = async () => {
    const latest = ctx.model.state.latest;
    if (latest) ctx.model.update({ latest: await ctx.engine.reapplySnoozes(latest, ctx.paths.dataDir, ctx.now(), options) });
  };
  return {
    async snooze(request) {
      const errors = checkSnoozeRequest(request, todayIn(timezone(), ctx.now()));
      const latest = ctx.model.state.latest;
      if (errors.length === 0 && !latest?.statuses.some((status) => statusKey(status) === statusKey(request) && status.level !== 'OK')) {
        errors.push({ field: 'resource', message: `\`${request.resource}\` has no WARNING or ERROR in the latest run to snooze` });
      }
      if (errors.length > 0 || !latest) return { ok: false, errors };
      const snooze: Snooze = {
        resource: request.resource,
        metric: request.metric,
        until: request.until,
        reason: request.reason.trim(),
        source: 'user',
        createdAt: ctx.now().toISOString(),
      };
      try {
        await ctx.engine.addSnooze(ctx.paths.dataDir, snooze, options);
      } catch (error) {
        return { ok: false, errors: [{ field: 'resource', message: `the snooze could not be saved: ${error instanceof Error ? error.message : String(error)}` }] };
      }
      await showStored();
      return { ok: true };
    },
    async unsnooze(resource, metric) {
      const latest = ctx.model.state.latest;
      const fromConfig = latest?.snoozed.some((status) => statusKey(status) === statusKey({ resource, metric }) && status.snooze?.source === 'config');
      if (fromConfig) {
        // The config file still says so: the row would only come back snoozed at the next run.
        ctx.log(`not unsnoozing ${resource}: its snooze is written in the config file (snoozeUntil); edit the file to end it`);
        return;
      }
      await ctx.engine.removeSnooze(ctx.paths.dataDir, resource, metric, options);
      await showStored();
    },
  };
}
