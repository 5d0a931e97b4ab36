/**
 * Which column holds what. With a header the columns are found by name (in any
 * order, extra columns ignored); without one they are positional like the
 * original Java TriggerResource: 1 action, 2 due date, 3 warn days, 4 snooze-until.
 */
import { parseDay } from '../lib/days.js';

export type Column = 'action' | 'due' | 'warn' | 'snooze' | 'link' | 'every';

export type ColumnMap = Partial<Record<Column, number>>;

/** Header names, compared case-insensitively with spaces collapsed. */
const COLUMN_NAMES: Record<string, Column> = {
  action: 'action',
  item: 'action',
  task: 'action',
  what: 'action',
  due: 'due',
  'due date': 'due',
  date: 'due',
  next: 'due',
  warn: 'warn',
  'warn days': 'warn',
  'warning days': 'warn',
  snooze: 'snooze',
  'snooze until': 'snooze',
  link: 'link',
  url: 'link',
  every: 'every',
  repeat: 'every',
  recurs: 'every',
};

const POSITIONAL: ColumnMap = { action: 0, due: 1, warn: 2, snooze: 3 };

export type HeaderSetting = 'auto' | boolean;

export interface Layout {
  /** True when the first row is a header, not a date to check. */
  hasHeader: boolean;
  columns: ColumnMap;
  /** A header that does not name the action and due columns, worded as the fix (the rows are then read by position). */
  headerProblem?: string;
}

/** The header names each column answers to, as a person would write them: `Action, Item, Task or What`. */
function namesOf(column: Column): string {
  const names = Object.entries(COLUMN_NAMES)
    .filter(([, named]) => named === column)
    .map(([name]) => name.replace(/\b\w/g, (letter) => letter.toUpperCase()).replace(/ (\w)/g, (_, letter: string) => ` ${letter.toLowerCase()}`));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
}

function describeHeaderProblem(cells: readonly string[], named: ColumnMap): string {
  const missing = (['action', 'due'] as const).filter((column) => named[column] === undefined);
  const header = cells.map((cell) => cell.trim()).join(' | ');
  const wanted = missing.map((column) => `${column === 'action' ? 'the action' : 'the due date'} as ${namesOf(column)}`).join(', and ');
  const optional = (['warn', 'snooze', 'every', 'link'] as const).map((column) => namesOf(column).split(' or ')[0]!.split(', ')[0]).join(', ');
  return (
    `the header row (${header}) names no ${missing.join(' or ')} column: name ${wanted} (optional: ${optional}); ` +
    'meanwhile the columns are read by position (1 action, 2 due date, 3 warn days, 4 snooze until); set `header: true` if that is meant'
  );
}

function columnNamed(cell: string): Column | undefined {
  return COLUMN_NAMES[cell.trim().toLowerCase().replace(/\s+/g, ' ')];
}

/**
 * `auto` takes the first row as a header when it names at least one known
 * column and holds no date (a first data row never names a column *and* lacks a date).
 * A header that does not name both the action and the due column falls back to
 * positions, so `header: true` (the original `skipHeaders`) works with any header text.
 */
export function findLayout(firstRow: readonly string[] | undefined, header: HeaderSetting): Layout {
  const cells = firstRow ?? [];
  const namesAColumn = cells.some((cell) => columnNamed(cell) !== undefined);
  const hasHeader = header === 'auto' ? !cells.some((cell) => parseDay(cell) !== undefined) && (namesAColumn || looksLikeHeader(cells)) : header;
  if (!hasHeader) return { hasHeader, columns: POSITIONAL };

  const named: ColumnMap = {};
  cells.forEach((cell, index) => {
    const column = columnNamed(cell);
    if (column !== undefined && named[column] === undefined) named[column] = index;
  });
  if (named.action !== undefined && named.due !== undefined) return { hasHeader, columns: named };
  // `header: true` (the original skipHeaders) means "by position" whatever the header says; `auto` says what it expected.
  return header === true ? { hasHeader, columns: POSITIONAL } : { hasHeader, columns: POSITIONAL, headerProblem: describeHeaderProblem(cells, named) };
}

/** A first row of words where a due date would be (`Thing, When`): a header, not a deadline with a bad date like "11/31/2026". */
function looksLikeHeader(cells: readonly string[]): boolean {
  const [action = '', due = ''] = cells.map((cell) => cell.trim());
  return action !== '' && due !== '' && !/\d/.test(due);
}
