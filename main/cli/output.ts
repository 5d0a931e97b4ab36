/**
 * How the CLI writes reports: the original line format, JSON, or a readable list.
 * Every text passes the one sanitizer on its way to the terminal, and only http,
 * https and mailto links are printed.
 */
import { safeLink, safeText } from '../../shared/sanitize.js';
import type { Report, RunProgress, Status } from '../../shared/types.js';
import { calendarDate, elapsedTime, forHowLongSince, itemTitle, plural, summarizeCounts } from '../../shared/words.js';

/** One field on one line: no escapes, controls or line breaks of any kind. */
const oneLine = (text: string) => safeText(text).replace(/ {2,}/g, ' ').trim();

/**
 * The original harness's format, one line per status, worst first: `OK,Google,,142 ms response`.
 * Plain fields are written exactly as the original did; a field holding a comma or a quote is
 * quoted as CSV (RFC 4180), so every line can be parsed back: `ERROR,Tank,pump,"stuck, 3 tries"`.
 */
export async function printLines(report: Report): Promise<string> {
  return csvLines(report.statuses.map((status) => [status.level, status.resource, status.metric, status.result].map(oneLine)));
}

/**
 * Rows of one-line fields as CSV lines. The CSV writer quotes a field only for a comma or a
 * double quote (fields are one line already), so a row without either is its fields joined by
 * commas, written here directly (a 10,000-row report took the writer about 30 ms); only the
 * rows that need quoting go through it. `test/cli/output.test.ts` holds the result equal to
 * the writer's own, byte for byte.
 */
export async function csvLines(rows: string[][]): Promise<string> {
  const plain = rows.map((fields) => fields.every((field) => !field.includes(',') && !field.includes('"')));
  const quoting = rows.filter((_, index) => !plain[index]);
  let quoted: string[] = [];
  if (quoting.length > 0) {
    // The CSV writer loads only when a field needs quoting.
    const { stringify: stringifyCsv } = await import('csv-stringify/sync');
    // A field with a line break (not from printLines) would span lines: then the writer writes it all.
    if (quoting.some((fields) => fields.some((field) => /[\r\n]/.test(field)))) return stringifyCsv(rows, { record_delimiter: 'unix' });
    quoted = stringifyCsv(quoting, { record_delimiter: 'unix' }).split('\n');
  }
  let next = 0;
  return rows.map((fields, index) => `${plain[index] ? fields.join(',') : quoted[next++]}\n`).join('');
}

const COLORS: Record<Status['level'], string> = { ERROR: '\x1b[31m', WARNING: '\x1b[33m', OK: '\x1b[32m' };

/** A readable list for people at a terminal. */
export function printHuman(report: Report, options: { color: boolean; now: Date }): string {
  const paint = (level: Status['level'], text: string) => (options.color ? `${COLORS[level]}${text}\x1b[0m` : text);
  const lines: string[] = [];
  const row = (status: Status, extra = '') => {
    const name = itemTitle(status);
    const since = status.level === 'OK' ? '' : forHowLongSince(status.since, options.now);
    const age = since ? ` (${since})` : '';
    lines.push(`${paint(status.level, status.level.padEnd(7))} ${oneLine(name)} — ${oneLine(status.result)}${age}${extra}`);
    if (status.level !== 'OK') {
      const link = safeLink(status.link);
      const refused = status.linkRefused ?? (link.kind === 'refused' ? link.reason : undefined);
      if (link.kind === 'url') lines.push(`        ${link.href}`);
      else if (refused) lines.push(`        link not shown: ${oneLine(refused)}`);
    }
  };
  for (const status of report.statuses) row(status);
  if (report.snoozed.length) {
    lines.push('', 'Snoozed:');
    for (const status of report.snoozed) row(status, ` [snoozed until ${status.snooze ? calendarDate(status.snooze.until, report.timezone) : 'unknown'}: ${oneLine(status.snooze?.reason ?? '')}]`);
  }
  const health = report.health;
  const healthParts = [
    health.timedOut.length ? `${health.timedOut.length} timed out` : '',
    health.crashed.length ? `${health.crashed.length} crashed` : '',
    health.deadlineHit ? 'run deadline hit' : '',
  ].filter(Boolean);
  lines.push(
    '',
    `${summarizeCounts(report.counts)}${report.snoozed.length ? `, ${report.snoozed.length} snoozed` : ''} · ${plural(health.total, 'resource')} in ${elapsedTime(report.durationMs)}${healthParts.length ? ` · ${healthParts.join(', ')}` : ''}`,
  );
  return lines.join('\n') + '\n';
}

/** `[12/40] waiting on slow-api 4.2 s, backup 1.1 s` for the live progress line. */
export function progressLine(progress: RunProgress, width: number): string {
  const running = progress.running.slice(0, 3).map((item) => `${oneLine(item.resource)} ${elapsedTime(item.elapsedMs)}`);
  const more = progress.running.length > 3 ? ` +${progress.running.length - 3}` : '';
  const line = `[${progress.done}/${progress.total}]${running.length ? ` waiting on ${running.join(', ')}${more}` : ''}`;
  return line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line;
}

/** The CLI's exit codes, the monitoring convention (Nagios OK, WARNING, CRITICAL, UNKNOWN). */
export const EXIT = {
  ok: 0,
  warnings: 1,
  errors: 2,
  /** A usage error, or a config that cannot be read or parsed: nothing was checked. */
  couldNotRun: 3,
} as const;

/** Exit code of a report: 0 all OK, 1 warnings, 2 errors. */
export function exitCode(report: Pick<Report, 'counts'>): number {
  if (report.counts.ERROR) return EXIT.errors;
  if (report.counts.WARNING) return EXIT.warnings;
  return EXIT.ok;
}
