/**
 * The one place a run becomes a report: `since` filled in from the previous run,
 * snoozes applied, every text made safe, rows sorted worst first and counted; the
 * daily email sent (its outcome is part of the report); then saved, exactly once.
 * A run that cannot be saved still returns its report, with an ERROR saying so.
 */
import { compareStatuses, countLevels, statusKey } from '../../shared/levels.js';
import { safeReport } from '../../shared/sanitize.js';
import type { Report, ReportDelivery, RunHealth, RunTrigger, Snooze, Status } from '../../shared/types.js';
import type { LoadedConfig } from './config.js';
import { saveRun } from './history.js';
import { SelfMetric, selfRow, type SelfRow } from './self-rows.js';
import { applySnoozes, finishedSnoozes, snoozesIn, withoutSnoozes } from './snooze.js';
import { describeStoreProblem, type StateStore, type StoreData, type StoreProblem } from './store.js';

/** Everything a run found, before it is a report. */
export interface DraftReport {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  trigger: RunTrigger;
  config: LoadedConfig;
  /** The checks' rows and Backstop's own, in any order. */
  rows: Omit<Status, 'since'>[];
  health: RunHealth;
}

export interface FinishOptions {
  dataDir: string;
  /** Where user snoozes are read (fresh, so one made during the run counts) and finished ones removed; none without a data folder. */
  store: StateStore | undefined;
  /** The store's data read at the start of the run: the snoozes when the store cannot be read again. */
  storeData: StoreData;
  previous: Report | undefined;
  /** Send the daily email (when the config has an `email` section). */
  email: boolean;
  /** Set when the run was cancelled: no email for a cut-short run, and the report says so. */
  signal?: AbortSignal;
  now: () => Date;
  /** Progress a person may be waiting on (email retries). */
  onDeliveryProgress?: (message: string) => void;
  log?: (message: string) => void;
}

export async function finishReport(draft: DraftReport, options: FinishOptions): Promise<Report> {
  const { snoozes, problems } = await currentSnoozes(options);
  // The store damaged after the run's last write is found here, and said like any other time.
  for (const problem of problems) {
    const message = describeStoreProblem(problem);
    draft = { ...draft, rows: [...draft.rows, selfRow('WARNING', SelfMetric.stateFile, message)], health: { ...draft.health, notes: [...draft.health.notes, message] } };
  }
  const since = sinceLookup(options.previous);
  const startedAt = draft.startedAt.toISOString();
  const settle = (extra: SelfRow[], delivery: ReportDelivery | undefined): Report => {
    const statuses = [...draft.rows, ...extra].map((row): Status => ({ ...row, since: since(row) ?? startedAt })).sort(compareStatuses);
    const report: Report = safeReport({
      id: draft.id,
      version: 1,
      startedAt,
      finishedAt: draft.finishedAt.toISOString(),
      durationMs: draft.durationMs,
      trigger: draft.trigger,
      configPath: draft.config.path,
      timezone: draft.config.settings.timezone,
      statuses,
      snoozed: [],
      counts: countLevels(statuses),
      health: draft.health,
      ...(delivery ? { delivery } : {}),
    });
    return applySnoozes(report, [...configSnoozes(draft.config), ...snoozes], draft.finishedAt);
  };

  let report = settle([], undefined);
  if (options.email) {
    const sent = await deliver(report, draft.config, options);
    if (sent) report = settle(sent.rows, sent.delivery);
  }
  await forgetFinishedSnoozes(snoozes, report, options);

  try {
    await saveRun(options.dataDir, report, draft.config.settings.historyKeep);
  } catch (error) {
    // Still report: a run that cannot be saved says so, loudly, in itself.
    const message = `this run could not be saved to history: ${error instanceof Error ? error.message : String(error)}`;
    const statuses = [...report.statuses, { ...selfRow('ERROR', SelfMetric.history, message), since: startedAt }].sort(compareStatuses);
    report = safeReport({ ...report, statuses, counts: countLevels(statuses), health: { ...report.health, notes: [...report.health.notes, message] } });
  }
  return report;
}

async function currentSnoozes(options: FinishOptions): Promise<{ snoozes: Snooze[]; problems: StoreProblem[] }> {
  if (!options.store) return { snoozes: snoozesIn(options.storeData), problems: [] };
  try {
    const { data, problems } = await options.store.read();
    return { snoozes: snoozesIn(data), problems };
  } catch {
    // Locked by another process for too long: the snoozes read at the start still count.
    return { snoozes: snoozesIn(options.storeData), problems: [] };
  }
}

/** User snoozes whose date has passed and whose item is OK again have done their job. */
async function forgetFinishedSnoozes(snoozes: Snooze[], report: Report, options: FinishOptions): Promise<void> {
  const done = finishedSnoozes(snoozes, report, options.now());
  if (done.length === 0 || !options.store) return;
  // Tried again by the next run when this fails: the snooze stays, and stays harmless.
  await options.store.update((data) => withoutSnoozes(data, done)).catch((error: unknown) => options.log?.(`finished snoozes not removed: ${String(error)}`));
}

/** When each item entered its current level: carried over from the previous run while the level stays the same. */
function sinceLookup(previous: Report | undefined): (status: Pick<Status, 'resource' | 'metric' | 'level'>) => string | undefined {
  const known = new Map<string, Status>();
  for (const status of [...(previous?.statuses ?? []), ...(previous?.snoozed ?? [])]) known.set(statusKey(status), status.expiredSnooze ? { ...status, level: status.expiredSnooze.level, since: status.expiredSnooze.since } : status);
  return (status) => {
    const before = known.get(statusKey(status));
    return before && before.level === status.level ? before.since : undefined;
  };
}

function configSnoozes(config: LoadedConfig): Snooze[] {
  return config.resources.flatMap((resource) =>
    resource.snooze ? [{ resource: resource.name, until: resource.snooze.until, reason: resource.snooze.reason, source: 'config' as const }] : [],
  );
}

/** Sends the report; the outcome as the report's `delivery` and Backstop's rows. Undefined when there is nothing to send. */
async function deliver(report: Report, config: LoadedConfig, options: FinishOptions): Promise<{ delivery: ReportDelivery; rows: SelfRow[] } | undefined> {
  const settings = config.settings.email;
  const unsent = (error: string, attempts = 0): { delivery: ReportDelivery; rows: SelfRow[] } => ({
    delivery: { email: { sent: false, attempts, error } },
    rows: [selfRow('ERROR', SelfMetric.email, `email not sent: ${error}`)],
  });
  if (!settings) return config.settings.emailProblem ? unsent(`the \`email\` settings are invalid: ${config.settings.emailProblem}`) : undefined;
  if (options.signal?.aborted) return unsent('the run was cancelled before the email was sent');

  // nodemailer loads only when an email is actually sent: a plain run starts faster.
  const { sendReportEmail } = await import('../email/send.js');
  const outcome = await sendReportEmail(report, settings, { dataDir: options.dataDir, now: options.now, log: options.onDeliveryProgress });
  if (outcome.sent) {
    const delivery: ReportDelivery = { email: { sent: true, attempts: outcome.attempts, messageId: outcome.messageId } };
    if (!settings.heartbeatUrl) return { delivery, rows: [] };
    delivery.ping = { url: 'heartbeat', ...(outcome.heartbeatError ? { error: outcome.heartbeatError } : {}) };
    // A dead man's switch that stops hearing from us raises its own alarm; say why here too.
    return { delivery, rows: outcome.heartbeatError ? [selfRow('WARNING', SelfMetric.heartbeat, `email sent, but the heartbeat ping failed: ${outcome.heartbeatError}`)] : [] };
  }
  const tries = outcome.attempts === 1 ? 'tried once' : `tried ${outcome.attempts} times`;
  const saved = outcome.savedTo ? `; the email is saved in ${outcome.savedTo}` : '';
  const failureUrl = outcome.failureUrlError ? `; ${outcome.failureUrlError}` : '';
  const failed = unsent(`${outcome.error} (${tries})${saved}${failureUrl}`, outcome.attempts);
  failed.delivery.email = { sent: false, attempts: outcome.attempts, error: outcome.error, ...(outcome.savedTo ? { savedTo: outcome.savedTo } : {}) };
  if (settings.failureUrl) failed.delivery.ping = { url: 'failure', ...(outcome.failureUrlError ? { error: outcome.failureUrlError } : {}) };
  return failed;
}
