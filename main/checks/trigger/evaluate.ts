/**
 * Turns the sheet's rows into statuses: one line per date that is past due or
 * within its warning days, one ERROR per malformed row, and one OK line that
 * sums up everything else, so a healthy sheet is one line in the report.
 */
import { plural } from '../../../shared/words.js';
import type { CheckStatus } from '../types.js';
import type { ColumnMap } from './columns.js';
import { addPeriod, DATE_EXAMPLES, isoDay, PERIOD_EXAMPLES, parseDay, parsePeriod, type Day, type Period } from '../lib/days.js';

export interface SheetRow {
  /** 1-based row number in the sheet, header included: what `{{ROW}}` becomes. */
  number: number;
  cells: string[];
}

interface Deadline {
  row: SheetRow;
  action: string;
  due: Day;
  warnDays: number;
  snoozeUntil?: Day;
  link?: string;
  every?: Period;
}

type ParsedRow = { kind: 'blank' } | { kind: 'malformed'; problems: string[] } | ({ kind: 'deadline' } & Deadline);

const BLANK: ParsedRow = { kind: 'blank' };

export interface Evaluation {
  rows: SheetRow[];
  columns: ColumnMap;
  /** The run's day in the config's time zone. */
  today: Day;
  /** The resource's link, possibly holding `{{ROW}}`. */
  link: string;
}

function cellOf(cells: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : (cells[index] ?? '').trim();
}

function parseRow(row: SheetRow, columns: ColumnMap): ParsedRow {
  const cells = row.cells;
  const cell = (column: keyof ColumnMap) => cellOf(cells, columns[column]);
  if (cells.every((text) => text.trim() === '')) return BLANK;

  const problems: string[] = [];
  const action = cell('action');
  if (action === '') problems.push('the action is empty');

  const dueText = cell('due');
  const due = parseDay(dueText);
  if (dueText === '') problems.push('the due date is missing');
  else if (!due) problems.push(`due date ${JSON.stringify(dueText)} is not a date like ${DATE_EXAMPLES}`);

  const warnText = cell('warn');
  if (warnText !== '' && !/^\d+$/.test(warnText)) problems.push(`warn days ${JSON.stringify(warnText)} is not a whole number of days like 7`);

  const snoozeText = cell('snooze');
  const snoozeUntil = snoozeText === '' ? undefined : parseDay(snoozeText);
  if (snoozeText !== '' && !snoozeUntil) problems.push(`snooze-until ${JSON.stringify(snoozeText)} is not a date like ${DATE_EXAMPLES}`);

  const everyText = cell('every');
  const every = everyText === '' ? undefined : parsePeriod(everyText);
  if (everyText !== '' && !every) problems.push(`every ${JSON.stringify(everyText)} is not a period like ${PERIOD_EXAMPLES}`);

  if (problems.length > 0 || due === undefined) return { kind: 'malformed', problems };
  const link = cell('link');
  return {
    kind: 'deadline',
    row,
    action,
    due,
    warnDays: warnText === '' ? 0 : Number(warnText),
    ...(snoozeUntil !== undefined && { snoozeUntil }),
    ...(link !== '' && { link }),
    ...(every && { every }),
  };
}

/** The row's text as the person sees it, trailing empty cells dropped. */
function rowContent(cells: readonly string[]): string {
  const trimmed = cells.map((text) => text.trim());
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
  return trimmed.join(' | ');
}

/** Past due → ERROR, due today or within warn days → WARNING, otherwise undefined (fine). */
function judge(deadline: Deadline, today: Day): Pick<CheckStatus, 'level' | 'result'> | undefined {
  const daysLeft = deadline.due - today;
  if (daysLeft > deadline.warnDays) return undefined;
  // Built only for the rows that are shown: most rows of a sheet are fine.
  const then = deadline.every ? `; next after that ${isoDay(addPeriod(deadline.due, deadline.every))}` : '';
  if (daysLeft < 0) return { level: 'ERROR', result: `Past due ${isoDay(deadline.due)} (${plural(-daysLeft, 'day')} ago)${then}` };
  if (daysLeft === 0) return { level: 'WARNING', result: `Due today${then}` };
  return { level: 'WARNING', result: `Due in ${plural(daysLeft, 'day')} (${isoDay(deadline.due)})${then}` };
}

export function evaluate({ rows, columns, today, link }: Evaluation): CheckStatus[] {
  const rowLink = (number: number) => link.replaceAll('{{ROW}}', String(number));
  const statuses: CheckStatus[] = [];
  // The deadline lines among the statuses, by index: their action and row, to tell rows with one action apart.
  const deadlineLines: { index: number; action: string; rowNumber: number }[] = [];
  // Of the fine rows only their number and the soonest are kept: most rows of a sheet are fine.
  let fine = 0;
  let soonest: Deadline | undefined;
  let snoozed = 0;

  for (const row of rows) {
    const parsed = parseRow(row, columns);
    if (parsed.kind === 'blank') continue;
    if (parsed.kind === 'malformed') {
      statuses.push({
        metric: `row ${row.number}`,
        level: 'ERROR',
        // The metric names the row; the result says what is wrong with it.
        result: `${parsed.problems.join('; ')} (row reads: ${rowContent(row.cells)})`,
        link: rowLink(row.number),
      });
      continue;
    }
    const verdict = judge(parsed, today);
    if (!verdict) {
      fine += 1;
      if (!soonest || parsed.due < soonest.due) soonest = parsed;
    } else if (parsed.snoozeUntil !== undefined && today < parsed.snoozeUntil) {
      snoozed += 1;
    } else {
      deadlineLines.push({ index: statuses.length, action: parsed.action, rowNumber: row.number });
      statuses.push({ metric: parsed.action, level: verdict.level, result: verdict.result, link: parsed.link ?? rowLink(row.number) });
    }
  }

  // Two rows with the same action would share one history line; the row number keeps them apart.
  const actionCounts = new Map<string, number>();
  for (const line of deadlineLines) actionCounts.set(line.action, (actionCounts.get(line.action) ?? 0) + 1);
  for (const line of deadlineLines) if (actionCounts.get(line.action)! > 1) statuses[line.index]!.metric = `${line.action} (row ${line.rowNumber})`;

  const summary = summarize(fine, soonest, snoozed, rowLink, rows[0]?.number ?? 1);
  if (summary) statuses.push(summary);
  else if (statuses.length === 0) statuses.push({ level: 'WARNING', result: 'the sheet has no dates: expected rows of action, due date', link: rowLink(rows[0]?.number ?? 1) });
  return statuses;
}

/** `next`: the first of the fine rows with the soonest date. */
function summarize(fine: number, next: Deadline | undefined, snoozed: number, rowLink: (number: number) => string, firstRow: number): CheckStatus | undefined {
  const snoozeNote = snoozed > 0 ? `; ${snoozed} snoozed` : '';
  if (next) {
    return { level: 'OK', result: `${plural(fine, 'date')}, next ${isoDay(next.due)}: ${next.action}${snoozeNote}`, link: next.link ?? rowLink(next.row.number) };
  }
  if (snoozed > 0) return { level: 'OK', result: `no other dates${snoozeNote}`, link: rowLink(firstRow) };
  return undefined;
}
