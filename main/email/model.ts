/**
 * What the email says, decided once; html.ts and text.ts only lay it out,
 * so the two parts cannot drift apart.
 */
import { compareStatuses, worstLevel } from '../../shared/levels.js';
import type { Level, LevelCounts, Report, Status } from '../../shared/types.js';
import { calendarDate, dateAndTime, elapsedTime, forHowLongSince, plural, summarizeCounts } from '../../shared/words.js';
import { cleanText, safeLink, usableZone, type SafeLink } from './format.js';

export interface ItemView {
  level: Level;
  /** `resource: metric`, or just the resource when the metric is ''. */
  title: string;
  result: string;
  /** `for 3 days`, or '' when unknown. */
  age: string;
  link: SafeLink;
  /** Snoozed items only: `snoozed until 2025-12-01 (set in config): waiting for the vendor`. */
  snoozeNote?: string;
}

export interface EmailModel {
  appName: string;
  summary: string;
  worst: Level;
  counts: LevelCounts;
  /** Day of the run in the report's zone, `2025-11-26`. */
  day: string;
  /** `2025-11-26 07:00 (Europe/Berlin)`. */
  ranAt: string;
  /** `took 42 s`. */
  took: string;
  trigger: string;
  /** ERROR then WARNING items, worst first. */
  problems: ItemView[];
  ok: ItemView[];
  snoozed: ItemView[];
  /** The run's own problems, one sentence each; empty when the run was healthy. */
  runProblems: string[];
  /** One affirmative sentence when the run was healthy. */
  runHealthy: string;
  reportId: string;
  configPath: string;
}

export interface ModelOptions {
  timezone?: string;
  appName?: string;
  now?: Date;
}

const TITLE_MAX = 200;
const RESULT_MAX = 600;

const TRIGGERS: Record<Report['trigger'], string> = {
  scheduled: 'scheduled run',
  cli: 'run from the command line',
  manual: 'run started by hand',
  'catch-up': 'catch-up run (the scheduled one was missed)',
};

function itemView(status: Status, now: Date): ItemView {
  const title = status.metric ? `${status.resource}: ${status.metric}` : status.resource;
  return {
    level: status.level,
    title: cleanText(title, TITLE_MAX),
    result: cleanText(status.result, RESULT_MAX),
    age: forHowLongSince(status.since, now),
    link: status.linkRefused ? { kind: 'refused', reason: cleanText(status.linkRefused, 100) } : safeLink(status.link),
  };
}

function snoozeNote(status: Status, zone: string): string {
  const snooze = status.snooze;
  if (!snooze) return 'snoozed (no snooze details recorded)';
  const by = snooze.source === 'config' ? 'set in config' : 'set in the app';
  const reason = cleanText(snooze.reason, RESULT_MAX) || 'no reason given';
  return `snoozed until ${calendarDate(snooze.until, zone)} (${by}): ${reason}`;
}

function listNames(names: string[]): string {
  const cleaned = names.map((name) => cleanText(name, TITLE_MAX));
  return cleaned.length <= 10 ? cleaned.join(', ') : `${cleaned.slice(0, 10).join(', ')} and ${cleaned.length - 10} more`;
}

export function buildModel(report: Report, options: ModelOptions = {}): EmailModel {
  const zone = usableZone(options.timezone ?? report.timezone);
  const now = options.now ?? new Date(report.finishedAt);
  const sorted = [...report.statuses].sort(compareStatuses);
  const health = report.health;

  const runProblems: string[] = [];
  if (health.deadlineHit) runProblems.push('The run hit its overall deadline: some checks were cut short.');
  if (health.timedOut.length) runProblems.push(`Timed out (${health.timedOut.length}): ${listNames(health.timedOut)}.`);
  if (health.crashed.length) runProblems.push(`Crashed or returned garbage (${health.crashed.length}): ${listNames(health.crashed)}.`);
  for (const note of health.notes) runProblems.push(cleanText(note, RESULT_MAX));
  if (zone !== (options.timezone ?? report.timezone)) {
    runProblems.push(`Unknown time zone ${JSON.stringify(cleanText(options.timezone ?? report.timezone, 60))}: times are shown in UTC.`);
  }

  return {
    appName: cleanText(options.appName ?? 'Backstop', 60),
    summary: summarizeCounts(report.counts),
    worst: worstLevel(sorted.map((status) => status.level)),
    counts: report.counts,
    day: calendarDate(report.startedAt, zone),
    ranAt: `${dateAndTime(report.startedAt, zone)} (${zone})`,
    took: `took ${elapsedTime(report.durationMs)}`,
    trigger: TRIGGERS[report.trigger] ?? cleanText(String(report.trigger), 40),
    problems: sorted.filter((status) => status.level !== 'OK').map((status) => itemView(status, now)),
    ok: sorted.filter((status) => status.level === 'OK').map((status) => itemView(status, now)),
    snoozed: [...report.snoozed].sort(compareStatuses).map((status) => ({ ...itemView(status, now), snoozeNote: snoozeNote(status, zone) })),
    runProblems,
    runHealthy: `All ${plural(health.total, 'check')} finished in time; the run reported nothing wrong with itself.`,
    reportId: cleanText(report.id, 100),
    configPath: cleanText(report.configPath, 300),
  };
}

/** Fills a subject template's placeholders (documented in config.ts). */
export function fillSubject(template: string, model: EmailModel): string {
  const values: Record<string, string> = {
    summary: model.summary,
    date: model.day,
    app: model.appName,
    errors: String(model.counts.ERROR),
    warnings: String(model.counts.WARNING),
    ok: String(model.counts.OK),
    total: String(model.counts.ERROR + model.counts.WARNING + model.counts.OK),
  };
  const filled = template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
  return cleanText(filled, 250);
}

export const DEFAULT_SUBJECT = '{{app}}: {{summary}} · {{date}}';
