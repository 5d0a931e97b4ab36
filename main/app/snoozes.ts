/**
 * Snoozes made in the window: checked, stored with the engine's snooze API, and
 * applied at once to the report on screen (the next run applies them itself).
 */
import { compareStatuses, countLevels, statusKey } from '../../shared/levels.js';
import { checkSnoozeRequest, type SnoozeRequest, type SnoozeResult } from '../../shared/ipc.js';
import type { Report, Snooze, Status } from '../../shared/types.js';
import { todayIn } from '../engine/dates.js';
import type { AppContext } from './context.js';

/** Moves the rows the snooze covers from `statuses` to `snoozed`; counts follow. */
export function withSnoozed(report: Report, snooze: Snooze): Report {
  const covers = (status: Status) => status.resource === snooze.resource && (snooze.metric === undefined || status.metric === snooze.metric);
  const moving = report.statuses.filter((status) => covers(status) && status.level !== 'OK');
  if (moving.length === 0) return report;
  const statuses = report.statuses.filter((status) => !moving.includes(status));
  const snoozed = [...report.snoozed, ...moving.map((status) => ({ ...status, snooze }))].sort(compareStatuses);
  return { ...report, statuses, snoozed, counts: countLevels(statuses) };
}

/** Moves the row back from `snoozed` to `statuses`, without its snooze. */
export function withoutSnoozed(report: Report, resource: string, metric: string): Report {
  const key = statusKey({ resource, metric });
  const back = report.snoozed.filter((status) => statusKey(status) === key);
  if (back.length === 0) return report;
  const snoozed = report.snoozed.filter((status) => !back.includes(status));
  const statuses = [...report.statuses, ...back.map(({ snooze: _snooze, ...status }) => status)].sort(compareStatuses);
  return { ...report, statuses, snoozed, counts: countLevels(statuses) };
}

export function setupSnoozes(ctx: AppContext): {
  snooze(request: SnoozeRequest): SnoozeResult;
  unsnooze(resource: string, metric: string): void;
} {
  const timezone = () => ctx.model.state.config?.settings.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return {
    snooze(request) {
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
      ctx.engine.addSnooze(ctx.store, snooze);
      ctx.model.update({ latest: withSnoozed(latest, snooze) });
      return { ok: true };
    },
    unsnooze(resource, metric) {
      const latest = ctx.model.state.latest;
      const fromConfig = latest?.snoozed.some((status) => statusKey(status) === statusKey({ resource, metric }) && status.snooze?.source === 'config');
      if (fromConfig) {
        // The config file still says so: the row would only come back snoozed at the next run.
        ctx.log(`not unsnoozing ${resource}: its snooze is written in the config file (snoozeUntil); edit the file to end it`);
        return;
      }
      ctx.engine.removeSnooze(ctx.store, resource, metric);
      if (latest) ctx.model.update({ latest: withoutSnoozed(latest, resource, metric) });
    },
  };
}
