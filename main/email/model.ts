/**
 * What the email says, decided once; html.ts and text.ts only lay it out,
 * so the two parts cannot drift apart.
 */
import { compareStatuses, worstLevel } from '../../shared/levels.js';
import type { Level, LevelCounts, Report, Status } from '../../shared/types.js';
import { calendarDate, dateAndTime, elapsedTime, forHowLongSince, itemTitle, plural, runTrouble, summarizeCounts, triggerWords } from '../../shared/words.js';
import { cleanText, safeLink, usableZone, type SafeLink } from './format.js';

export interface ItemView {
  level: Level;
  /** `resource: metric`, or just the resource when the metric is ''. */
  title: string;
  result: string;
  /** How long it has been at its level, in the window's words: `for 3 days`; '' when unknown. */
  age: string;
  /** It entered its level on the run's calendar day (in the report's zone). */
  newToday: boolean;
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
  /**
   * A long list of problems split into what is new today and what is still failing,
   * each worst first; undefined when the list is short or one group would be empty.
   */
  groups?: ProblemGroup[];
  ok: ItemView[];
  snoozed: ItemView[];
  /** The run's own problems, one sentence each; empty when the run was healthy. */
  runProblems: string[];
  /** One affirmative sentence when the run was healthy. */
  runHealthy: string;
  reportId: string;
  configPath: string;
}

export interface ProblemGroup {
  title: string;
  items: ItemView[];
}

/** From this many problems on, the email groups them into new today and still failing. */
export const GROUP_FROM = 6;

export interface ModelOptions {
  timezone?: string;
  appName?: string;
  now?: Date;
}

const TITLE_MAX = 200;
const RESULT_MAX = 600;

const THREE_DAYS = 3 * 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The moment `since` falls on `today`, the calendar date of `now` in `zone`, as calendarDate
 * writes both. A moment three days or more from `now` is on another date in every zone (a
 * zone's offset from UTC stays within a day either way), so only the items that changed level
 * lately have their date worked out: a long list of old problems costs one subtraction each.
 * A date written without a time (`2026-11-26`) is its own date, so it always goes the long way.
 */
function enteredToday(since: string, now: Date, zone: string, today: string): boolean {
  if (!since) return false;
  const start = Date.parse(since);
  if (Number.isNaN(start)) return false;
  if (Math.abs(now.getTime() - start) >= THREE_DAYS && !ISO_DATE.test(since)) return false;
  return calendarDate(since, zone) === today;
}

/** `today`: the calendar date of `now` in `zone`, worked out once per email rather than once per item. */
function itemView(status: Status, now: Date, zone: string, today: string): ItemView {
  return {
    level: status.level,
    title: cleanText(itemTitle(status), TITLE_MAX),
    result: cleanText(status.result, RESULT_MAX),
    age: forHowLongSince(status.since, now),
    newToday: enteredToday(status.since, now, zone, today),
    link: status.linkRefused ? { kind: 'refused', reason: cleanText(status.linkRefused, 100) } : safeLink(status.link),
  };
}

function groupsOf(problems: ItemView[]): ProblemGroup[] | undefined {
  const fresh = problems.filter((item) => item.newToday);
  const old = problems.filter((item) => !item.newToday);
  if (problems.length < GROUP_FROM || fresh.length === 0 || old.length === 0) return undefined;
  return [
    { title: `New today (${fresh.length})`, items: fresh },
    { title: `Still failing (${old.length})`, items: old },
  ];
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
  const today = calendarDate(now, zone);
  const problems = sorted.filter((status) => status.level !== 'OK').map((status) => itemView(status, now, zone, today));

  // Worded as the window words them; the names and notes cleaned, and a long list of names shortened.
  const runProblems = runTrouble({ ...health, notes: health.notes.map((note) => cleanText(note, RESULT_MAX)) }, listNames);
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
    trigger: cleanText(triggerWords(report.trigger), 60),
    problems,
    groups: groupsOf(problems),
    ok: sorted.filter((status) => status.level === 'OK').map((status) => itemView(status, now, zone, today)),
    snoozed: [...report.snoozed].sort(compareStatuses).map((status) => ({ ...itemView(status, now, zone, today), snoozeNote: snoozeNote(status, zone) })),
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
