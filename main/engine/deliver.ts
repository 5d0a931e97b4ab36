/**
 * After a run: send the daily email when the config has one. A failure is never
 * silent: the run gets an ERROR `email not sent: …` (so the tray, the window and
 * the next email show it), the report is saved again, and the caller exits non-zero.
 */
import { compareStatuses, countLevels } from '../../shared/levels.js';
import type { Report, Status } from '../../shared/types.js';
import type { LoadedConfig } from './config.js';
import { runBefore, saveRun } from './history.js';
import { SELF } from './run.js';

export interface Delivery {
  report: Report;
  emailSent: boolean | 'not configured';
  error?: string;
  /** Where the unsent email was written, when sending failed. */
  savedTo?: string;
}

export async function deliverReport(report: Report, config: LoadedConfig, dataDir: string, options: { log?: (message: string) => void } = {}): Promise<Delivery> {
  const settings = config.settings.email;
  if (!settings) {
    if (!config.settings.emailProblem) return { report, emailSent: 'not configured' };
    const error = `the \`email\` settings are invalid: ${config.settings.emailProblem}`;
    const updated = await recordFailure(report, dataDir, config.settings.historyKeep, {
      resource: SELF,
      type: 'email',
      metric: 'email',
      level: 'ERROR',
      result: `email not sent: ${error}`,
      link: '',
      since: report.finishedAt,
    });
    return { report: updated, emailSent: false, error };
  }
  // nodemailer loads only when an email is actually sent: a plain run starts faster.
  const { emailFailureStatus, sendReportEmail } = await import('../email/send.js');
  const outcome = await sendReportEmail(report, settings, { dataDir, log: options.log });
  if (outcome.sent) {
    if (!outcome.heartbeatError) return { report, emailSent: true };
    // A dead man's switch that stops hearing from us raises its own alarm; say why here too.
    const updated = await recordFailure(report, dataDir, config.settings.historyKeep, {
      resource: SELF,
      type: 'email',
      metric: 'heartbeat',
      level: 'WARNING',
      result: `email sent, but the heartbeat ping failed: ${outcome.heartbeatError}`,
      link: '',
      since: report.finishedAt,
    });
    return { report: updated, emailSent: true };
  }
  const updated = await recordFailure(report, dataDir, config.settings.historyKeep, emailFailureStatus(outcome, report));
  return { report: updated, emailSent: false, error: outcome.error, savedTo: outcome.savedTo };
}

async function recordFailure(report: Report, dataDir: string, keep: number, status: Status): Promise<Report> {
  // An email failing day after day reads "for 3 days", like any other problem.
  const before = await runBefore(dataDir, report.id).catch(() => undefined);
  const earlier = before?.statuses.find((other) => other.resource === status.resource && other.metric === status.metric);
  const stamped = earlier && earlier.level === status.level ? { ...status, since: earlier.since } : status;
  const statuses = [...report.statuses, stamped].sort(compareStatuses);
  const updated: Report = { ...report, statuses, counts: countLevels(statuses) };
  await saveRun(dataDir, updated, keep);
  return updated;
}
